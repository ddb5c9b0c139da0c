import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { groupIds } from './group-ids.js';
import { ObservationEntity } from './observation.entity.js';

@Injectable()
export class ObservationRepository {
  constructor(@InjectRepository(ObservationEntity) private readonly observations: Repository<ObservationEntity>) {}

  /** A trace's observations by start time (unset last), then creation. */
  findByTrace(projectId: string, traceId: string): Promise<ObservationEntity[]> {
    return this.observations.find({
      where: { projectId, traceId },
      order: { startTime: { direction: 'ASC', nulls: 'LAST' }, createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Observation ids per trace, in the order of findByTrace. */
  async idsByTrace(projectId: string, traceIds: string[]): Promise<Map<string, string[]>> {
    if (traceIds.length === 0) return new Map();
    const rows: { trace_id: string; id: string }[] = await this.observations.query(
      `SELECT trace_id, id FROM observations
       WHERE project_id = $1 AND trace_id = ANY($2::text[])
       ORDER BY start_time ASC NULLS LAST, created_at ASC, id ASC`,
      [projectId, traceIds],
    );
    return groupIds(rows);
  }
}
