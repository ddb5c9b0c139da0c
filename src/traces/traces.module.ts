import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ObservationEntity } from './observation.entity.js';
import { ObservationRepository } from './observation.repository.js';
import { ScoreEntity } from './score.entity.js';
import { ScoreRepository } from './score.repository.js';
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
  controllers: [TracesController],
  providers: [TracesService, TraceRepository, ObservationRepository, ScoreRepository],
  exports: [TracesService, TraceRepository, ObservationRepository, ScoreRepository],
})
export class TracesModule {}
