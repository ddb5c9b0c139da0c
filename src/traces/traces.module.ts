import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ObservationEntity } from './observation.entity.js';
import { ObservationSearchRepository } from './observation-search.repository.js';
import { ObservationsController } from './observations.controller.js';
import { ObservationsService } from './observations.service.js';
import { ObservationRepository } from './observation.repository.js';
import { ScoreEntity } from './score.entity.js';
import { ScoreRepository } from './score.repository.js';
import { ScoreSearchRepository } from './score-search.repository.js';
import { ScoresController } from './scores.controller.js';
import { ScoresService } from './scores.service.js';
import { SessionRepository } from './session.repository.js';
import { SessionsController } from './sessions.controller.js';
import { SessionsService } from './sessions.service.js';
import { TraceDeletionController } from './trace-deletion.controller.js';
import { TraceDeletionRepository } from './trace-deletion.repository.js';
import { TraceDeletionService } from './trace-deletion.service.js';
import { TraceEntity } from './trace.entity.js';
import { TraceRepository } from './trace.repository.js';
import { TracesController } from './traces.controller.js';
import { TracesService } from './traces.service.js';

/**
 * Traces, observations and scores: their tables, reads and views. Ingest writes them
 * through the row kinds in TRACE_ROW_KINDS; other read modules (sessions, observation and
 * score endpoints) build on the exported service, repositories and view mappers.
 */
@Module({
  imports: [TypeOrmModule.forFeature([TraceEntity, ObservationEntity, ScoreEntity])],
  controllers: [TracesController, TraceDeletionController, ObservationsController, SessionsController, ScoresController],
  providers: [
    TracesService,
    TraceRepository,
    ObservationRepository,
    ScoreRepository,
    TraceDeletionService,
    TraceDeletionRepository,
    ObservationsService,
    ObservationSearchRepository,
    SessionsService,
    SessionRepository,
    ScoresService,
    ScoreSearchRepository,
  ],
  exports: [TracesService, TraceRepository, ObservationRepository, ScoreRepository],
})
export class TracesModule {}
