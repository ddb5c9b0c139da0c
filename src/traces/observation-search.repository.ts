import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import type { JsonSplice } from '../common/json/json-splice.js';
import { entitySelectList, spliceTexts } from './entity-select.js';
import { ObservationEntity } from './observation.entity.js';
import type { ObservationTraceFields } from './observation-v2.mapper.js';
import { OBSERVATION_SPLICED_JSON } from './observation.repository.js';
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

/**
 * Observation reads across traces (the per-trace read is in ObservationRepository). Rows skip
 * TypeORM's hydration: input, output and metadata are JsonSplice tokens, so they go out as
 * stored, every digit of a long number included.
 */
@Injectable()
export class ObservationSearchRepository {
  constructor(
    @InjectRepository(ObservationEntity) private readonly observations: Repository<ObservationEntity>,
    @InjectRepository(TraceEntity) private readonly traces: Repository<TraceEntity>,
  ) {}

  async findOne(projectId: string, id: string, splice: JsonSplice): Promise<ObservationEntity | null> {
    const rows: ObservationEntity[] = await this.observations.query(
      `SELECT ${this.selectList()} FROM observations o WHERE o.project_id = $1 AND o.id = $2`,
      [projectId, id],
    );
    return spliceTexts(rows, OBSERVATION_SPLICED_JSON, splice)[0] ?? null;
  }

  /** One numbered page, newest first, and how many match in all. */
  async page(
    projectId: string,
    filter: ObservationFilter,
    page: { offset: number; limit: number },
    splice: JsonSplice,
  ): Promise<{ observations: ObservationEntity[]; total: number }> {
    const matching = this.matching(projectId, filter);
    const [rows, counted] = await Promise.all([
      matching
        .clone()
        .select(this.selectList())
        .orderBy(SORT_TIME, 'DESC')
        .addOrderBy('o.id', 'DESC')
        .offset(page.offset)
        .limit(page.limit)
        .getRawMany<ObservationEntity>(),
      matching.clone().select('COUNT(*)::int', 'total').getRawOne<{ total: number }>(),
    ]);
    return { observations: spliceTexts(rows, OBSERVATION_SPLICED_JSON, splice), total: counted?.total ?? 0 };
  }

  /** Up to `limit` rows after `after` (keyset paging), newest first, each with its position. */
  async after(
    projectId: string,
    filter: ObservationFilter,
    after: ObservationPosition | undefined,
    limit: number,
    splice: JsonSplice,
  ): Promise<{ observation: ObservationEntity; position: ObservationPosition }[]> {
    const query = this.matching(projectId, filter)
      .select(this.selectList())
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
    const rows = await query.getRawMany<ObservationEntity & { sort_key: string }>();
    return spliceTexts(rows, OBSERVATION_SPLICED_JSON, splice).map(({ sort_key: sortKey, ...observation }) => ({
      observation,
      position: { sortKey, id: observation.id },
    }));
  }

  /** The traces of some observations, for the trace fields of v2 observations (not their input and output). */
  async tracesById(projectId: string, traceIds: string[]): Promise<Map<string, ObservationTraceFields>> {
    if (traceIds.length === 0) return new Map();
    const traces: ObservationTraceFields[] = await this.traces
      .createQueryBuilder('t')
      // The whole primary key, which TypeORM needs to build entities from a partial select.
      .select(['t.projectId', 't.id', 't.name', 't.userId', 't.sessionId', 't.tags', 't.release', 't.public', 't.bookmarked'])
      .where('t.project_id = :projectId AND t.id = ANY(:ids)', { projectId, ids: [...new Set(traceIds)] })
      .getMany();
    return new Map(traces.map((trace) => [trace.id, trace]));
  }

  private selectList(): string {
    return entitySelectList(this.observations.metadata, 'o', { asText: OBSERVATION_SPLICED_JSON });
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
