import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { groupIds } from './group-ids.js';
import { ScoreEntity } from './score.entity.js';

@Injectable()
export class ScoreRepository {
  constructor(@InjectRepository(ScoreEntity) private readonly scores: Repository<ScoreEntity>) {}

  /** A trace's scores, oldest first. */
  findByTrace(projectId: string, traceId: string): Promise<ScoreEntity[]> {
    return this.scores.find({ where: { projectId, traceId }, order: { timestamp: 'ASC', id: 'ASC' } });
  }

  /** Score ids per trace, oldest first. */
  async idsByTrace(projectId: string, traceIds: string[]): Promise<Map<string, string[]>> {
    if (traceIds.length === 0) return new Map();
    const rows: { trace_id: string; id: string }[] = await this.scores.query(
      `SELECT trace_id, id FROM scores
       WHERE project_id = $1 AND trace_id = ANY($2::text[])
       ORDER BY timestamp ASC, id ASC`,
      [projectId, traceIds],
    );
    return groupIds(rows);
  }
}
