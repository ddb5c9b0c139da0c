import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import { ObservationEntity } from './observation.entity.js';
import { TraceEntity } from './trace.entity.js';

/** Filters of the observation lists; every value is bound. */
export interface ObservationFilter {
  name?: string;
  /** Of the observation's trace. */
  userId?: string;
  /** Of the observation's trace. */
  sessionId?: string;
  type?: string;
  traceId?: string;
  parentObservationId?: string;
  /** true: no parent; false: has one. */
  isRoot?: boolean;
  level?: string;
  environments?: string[];
  /** Inclusive. */
  fromStartTime?: Date;
  /** Exclusive. */
  toStartTime?: Date;
  version?: string;
}

/** Where a cursor page resumes: the sort key (timestamptz text, microseconds) and id of the last row. */
export interface ObservationPosition {
  sortKey: string;
  id: string;
}

// Observations sort newest first; one without a start time sorts at its creation time.
const SORT_TIME = 'COALESCE(o.start_time, o.created_at)';

/** Observation lists across traces (the per-trace reads are in ObservationRepository). */
@Injectable()
export class ObservationSearchRepository {
  constructor(
    @InjectRepository(ObservationEntity) private readonly observations: Repository<ObservationEntity>,
    @InjectRepository(TraceEntity) private readonly traces: Repository<TraceEntity>,
  ) {}

  findOne(projectId: string, id: string): Promise<ObservationEntity | null> {
    return this.observations.findOneBy({ projectId, id });
  }

  /** One numbered page, newest first, and how many match in all. */
  async page(
    projectId: string,
    filter: ObservationFilter,
    page: { offset: number; limit: number },
  ): Promise<{ observations: ObservationEntity[]; total: number }> {
    const matching = this.matching(projectId, filter);
    const [observations, counted] = await Promise.all([
      matching.clone().orderBy(SORT_TIME, 'DESC').addOrderBy('o.id', 'DESC').offset(page.offset).limit(page.limit).getMany(),
      matching.clone().select('COUNT(*)::int', 'total').getRawOne<{ total: number }>(),
    ]);
    return { observations, total: counted?.total ?? 0 };
  }

  /** Up to `limit` rows after `after` (keyset paging), newest first, each with its position. */
  async after(
    projectId: string,
    filter: ObservationFilter,
    after: ObservationPosition | undefined,
    limit: number,
  ): Promise<{ observation: ObservationEntity; position: ObservationPosition }[]> {
    const query = this.matching(projectId, filter)
      .addSelect(`to_char(${SORT_TIME} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'sort_key')
      .orderBy(SORT_TIME, 'DESC')
      .addOrderBy('o.id', 'DESC')
      .limit(limit);
    if (after) {
      query.andWhere(`(${SORT_TIME}, o.id) < (CAST(:afterKey AS timestamptz), :afterId)`, {
        afterKey: after.sortKey,
        afterId: after.id,
      });
    }
    const { entities, raw } = await query.getRawAndEntities<{ sort_key: string }>();
    return entities.map((observation, index) => ({
      observation,
      position: { sortKey: raw[index].sort_key, id: observation.id },
    }));
  }

  /** The traces of some observations, for the trace fields of v2 observations. */
  async tracesById(projectId: string, traceIds: string[]): Promise<Map<string, TraceEntity>> {
    if (traceIds.length === 0) return new Map();
    const traces = await this.traces
      .createQueryBuilder('t')
      .where('t.project_id = :projectId AND t.id = ANY(:ids)', { projectId, ids: [...new Set(traceIds)] })
      .getMany();
    return new Map(traces.map((trace) => [trace.id, trace]));
  }

  private matching(projectId: string, filter: ObservationFilter): SelectQueryBuilder<ObservationEntity> {
    const query = this.observations.createQueryBuilder('o').where('o.project_id = :projectId', { projectId });
    const equal: [keyof ObservationFilter, string][] = [
      ['name', 'o.name'],
      ['type', 'o.type'],
      ['traceId', 'o.trace_id'],
      ['parentObservationId', 'o.parent_observation_id'],
      ['version', 'o.version'],
    ];
    for (const [key, column] of equal) {
      if (filter[key] !== undefined) query.andWhere(`${column} = :${key}`, { [key]: filter[key] });
    }
    // An observation stored without a level reads as DEFAULT.
    if (filter.level !== undefined) query.andWhere(`COALESCE(o.level, 'DEFAULT') = :level`, { level: filter.level });
    if (filter.isRoot !== undefined) {
      query.andWhere(filter.isRoot ? 'o.parent_observation_id IS NULL' : 'o.parent_observation_id IS NOT NULL');
    }
    if (filter.environments?.length) query.andWhere('o.environment = ANY(:environments)', { environments: filter.environments });
    if (filter.fromStartTime) query.andWhere(`${SORT_TIME} >= :fromStartTime`, { fromStartTime: filter.fromStartTime });
    if (filter.toStartTime) query.andWhere(`${SORT_TIME} < :toStartTime`, { toStartTime: filter.toStartTime });
    for (const [key, column] of [
      ['userId', 'user_id'],
      ['sessionId', 'session_id'],
    ] as const) {
      if (filter[key] === undefined) continue;
      query.andWhere(
        `EXISTS (SELECT 1 FROM traces t WHERE t.project_id = o.project_id AND t.id = o.trace_id AND t.${column} = :${key})`,
        { [key]: filter[key] },
      );
    }
    return query;
  }
}
