import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { JsonSplice } from '../common/json/json-splice.js';
import { entitySelectList, spliceTexts } from './entity-select.js';
import { ObservationEntity } from './observation.entity.js';

/** jsonb columns every observation read passes through as JSON text (JsonSplice). */
export const OBSERVATION_SPLICED_JSON = ['input', 'output', 'metadata'];

@Injectable()
export class ObservationRepository {
  constructor(@InjectRepository(ObservationEntity) private readonly observations: Repository<ObservationEntity>) {}

  /**
   * A trace's observations by start time (unset last), then creation, without TypeORM's
   * hydration: input, output and metadata (most of the bytes) are JsonSplice tokens.
   */
  findByTrace(projectId: string, traceId: string, splice: JsonSplice): Promise<ObservationEntity[]> {
    return this.observations
      .query(
        `SELECT ${entitySelectList(this.observations.metadata, 'o', { asText: OBSERVATION_SPLICED_JSON })}
         FROM observations o
         WHERE o.project_id = $1 AND o.trace_id = $2
         ORDER BY o.start_time ASC NULLS LAST, o.created_at ASC, o.id ASC`,
        [projectId, traceId],
      )
      .then((rows: ObservationEntity[]) => spliceTexts(rows, OBSERVATION_SPLICED_JSON, splice));
  }
}
