import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import { effectiveLatencySql, effectiveTotalCostSql } from './trace-metrics.sql.js';
import type { TraceSort } from './trace-sort.js';
import { TraceEntity } from './trace.entity.js';

/** Filters of the trace list; every value is bound, never spliced. */
export interface TraceFilter {
  userId?: string;
  name?: string;
  sessionId?: string;
  version?: string;
  release?: string;
  /** Inclusive bounds on the trace timestamp. */
  fromTimestamp?: Date;
  toTimestamp?: Date;
  /** The trace carries all of these tags. */
  tags?: string[];
  /** The trace is in any of these environments. */
  environments?: string[];
}

/** Latency (seconds) and total cost as reads show them. */
export interface TraceMetrics {
  latency: number;
  totalCost: number;
}

@Injectable()
export class TraceRepository {
  constructor(@InjectRepository(TraceEntity) private readonly traces: Repository<TraceEntity>) {}

  /** One page of traces, and how many match in all. */
  async list(
    projectId: string,
    filter: TraceFilter,
    sort: TraceSort,
    page: { offset: number; limit: number },
  ): Promise<{ traces: TraceEntity[]; total: number }> {
    const matching = this.matching(projectId, filter);
    const [traces, counted] = await Promise.all([
      matching
        .clone()
        .orderBy(sort.expression, sort.direction)
        // ties broken by id, so pages never overlap
        .addOrderBy('t.id', sort.direction)
        .offset(page.offset)
        .limit(page.limit)
        .getMany(),
      matching.clone().select('COUNT(*)::int', 'total').getRawOne<{ total: number }>(),
    ]);
    return { traces, total: counted?.total ?? 0 };
  }

  findOne(projectId: string, id: string): Promise<TraceEntity | null> {
    return this.traces.findOneBy({ projectId, id });
  }

  /** Latency and total cost of the given traces (see trace-metrics.sql.ts). */
  async metrics(projectId: string, ids: string[]): Promise<Map<string, TraceMetrics>> {
    if (ids.length === 0) return new Map();
    const rows: { id: string; latency: number; total_cost: number }[] = await this.traces.query(
      `SELECT t.id, ${effectiveLatencySql('t')} AS latency, ${effectiveTotalCostSql('t')} AS total_cost
       FROM traces t
       WHERE t.project_id = $1 AND t.id = ANY($2::text[])`,
      [projectId, ids],
    );
    return new Map(rows.map((row) => [row.id, { latency: row.latency, totalCost: row.total_cost }]));
  }

  private matching(projectId: string, filter: TraceFilter): SelectQueryBuilder<TraceEntity> {
    const query = this.traces.createQueryBuilder('t').where('t.project_id = :projectId', { projectId });
    const equal: [keyof TraceFilter, string][] = [
      ['userId', 't.user_id'],
      ['name', 't.name'],
      ['sessionId', 't.session_id'],
      ['version', 't.version'],
      ['release', 't.release'],
    ];
    for (const [field, column] of equal) {
      if (filter[field] !== undefined) query.andWhere(`${column} = :${field}`, { [field]: filter[field] });
    }
    if (filter.fromTimestamp) query.andWhere('t.timestamp >= :fromTimestamp', { fromTimestamp: filter.fromTimestamp });
    if (filter.toTimestamp) query.andWhere('t.timestamp <= :toTimestamp', { toTimestamp: filter.toTimestamp });
    if (filter.tags?.length) query.andWhere('t.tags @> CAST(:tags AS text[])', { tags: filter.tags });
    if (filter.environments?.length) {
      query.andWhere('t.environment = ANY(CAST(:environments AS text[]))', { environments: filter.environments });
    }
    return query;
  }
}
