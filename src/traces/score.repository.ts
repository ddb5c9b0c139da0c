import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { entitySelectList } from './entity-select.js';
import { ScoreEntity } from './score.entity.js';

@Injectable()
export class ScoreRepository {
  constructor(@InjectRepository(ScoreEntity) private readonly scores: Repository<ScoreEntity>) {}

  /** A trace's scores, oldest first. */
  findByTrace(projectId: string, traceId: string): Promise<ScoreEntity[]> {
    return this.scores.query(
      `SELECT ${entitySelectList(this.scores.metadata, 's')} FROM scores s
       WHERE s.project_id = $1 AND s.trace_id = $2
       ORDER BY s.timestamp ASC, s.id ASC`,
      [projectId, traceId],
    );
  }
}
