import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { TraceEntity } from './trace.entity.js';

export interface SessionRow {
  id: string;
  createdAt: Date;
  environment: string;
}

export interface SessionFilter {
  /** Inclusive, on the session's creation (its earliest trace). */
  fromTimestamp?: Date;
  /** Exclusive. */
  toTimestamp?: Date;
  environments?: string[];
}

/**
 * Sessions are not stored: a session exists while a trace carries its id. It is created at
 * its earliest trace and takes that trace's environment.
 */
@Injectable()
export class SessionRepository {
  constructor(@InjectRepository(TraceEntity) private readonly traces: Repository<TraceEntity>) {}

  async list(
    projectId: string,
    filter: SessionFilter,
    page: { offset: number; limit: number },
  ): Promise<{ sessions: SessionRow[]; total: number }> {
    const params: unknown[] = [projectId];
    const bind = (value: unknown) => `$${params.push(value)}`;
    const traceConditions = ['project_id = $1', 'session_id IS NOT NULL'];
    if (filter.environments?.length) traceConditions.push(`environment = ANY(${bind(filter.environments)}::text[])`);
    const sessionConditions = ['TRUE'];
    if (filter.fromTimestamp) sessionConditions.push(`created_at >= ${bind(filter.fromTimestamp)}`);
    if (filter.toTimestamp) sessionConditions.push(`created_at < ${bind(filter.toTimestamp)}`);
    const sessions = `
      WITH sessions AS (
        SELECT session_id AS id,
               min(timestamp) AS created_at,
               (array_agg(environment ORDER BY timestamp, id))[1] AS environment
        FROM traces
        WHERE ${traceConditions.join(' AND ')}
        GROUP BY session_id
      )
      SELECT id, created_at, environment FROM sessions WHERE ${sessionConditions.join(' AND ')}`;
    const countParams = [...params];
    const rows: { id: string; created_at: Date; environment: string }[] = await this.traces.query(
      `${sessions} ORDER BY created_at DESC, id DESC OFFSET ${bind(page.offset)} LIMIT ${bind(page.limit)}`,
      params,
    );
    const [{ total }] = (await this.traces.query(`SELECT count(*)::int AS total FROM (${sessions}) AS matching`, countParams)) as {
      total: number;
    }[];
    return { sessions: rows.map(toSessionRow), total };
  }
}

function toSessionRow(row: { id: string; created_at: Date; environment: string }): SessionRow {
  return { id: row.id, createdAt: row.created_at, environment: row.environment };
}
