import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository, SelectQueryBuilder } from 'typeorm';
import { SCORE_VALUE_OPERATORS } from './dto/score.dto.js';
import { ScoreEntity } from './score.entity.js';
import { TraceEntity } from './trace.entity.js';

/** Filters of the score list; every value is bound, the operator comes from a whitelist. */
export interface ScoreFilter {
  userId?: string;
  name?: string;
  /** Inclusive. */
  fromTimestamp?: Date;
  /** Exclusive. */
  toTimestamp?: Date;
  environments?: string[];
  source?: string;
  value?: { operator: keyof typeof SCORE_VALUE_OPERATORS; value: number };
  ids?: string[];
  configId?: string;
  sessionId?: string;
  datasetRunId?: string;
  traceId?: string;
  observationIds?: string[];
  queueId?: string;
  dataType?: string;
  traceTags?: string[];
}

/** Score lists across traces and score deletion (the per-trace reads are in ScoreRepository). */
@Injectable()
export class ScoreSearchRepository {
  constructor(
    @InjectRepository(ScoreEntity) private readonly scores: Repository<ScoreEntity>,
    @InjectRepository(TraceEntity) private readonly traces: Repository<TraceEntity>,
  ) {}

  findOne(projectId: string, id: string): Promise<ScoreEntity | null> {
    return this.scores.findOneBy({ projectId, id });
  }

  /** One page, newest first, and how many match in all. */
  async page(
    projectId: string,
    filter: ScoreFilter,
    page: { offset: number; limit: number },
  ): Promise<{ scores: ScoreEntity[]; total: number }> {
    const matching = this.matching(projectId, filter);
    const [scores, counted] = await Promise.all([
      matching.clone().orderBy('s.timestamp', 'DESC').addOrderBy('s.id', 'DESC').offset(page.offset).limit(page.limit).getMany(),
      matching.clone().select('COUNT(*)::int', 'total').getRawOne<{ total: number }>(),
    ]);
    return { scores, total: counted?.total ?? 0 };
  }

  async tracesById(projectId: string, traceIds: string[]): Promise<Map<string, TraceEntity>> {
    if (traceIds.length === 0) return new Map();
    const traces = await this.traces
      .createQueryBuilder('t')
      .where('t.project_id = :projectId AND t.id = ANY(:ids)', { projectId, ids: [...new Set(traceIds)] })
      .getMany();
    return new Map(traces.map((trace) => [trace.id, trace]));
  }

  /** Deletes one score; false when there was none. */
  async delete(projectId: string, id: string): Promise<boolean> {
    const result = await this.scores.delete({ projectId, id });
    return (result.affected ?? 0) > 0;
  }

  private matching(projectId: string, filter: ScoreFilter): SelectQueryBuilder<ScoreEntity> {
    const query = this.scores.createQueryBuilder('s').where('s.project_id = :projectId', { projectId });
    const equal: [keyof ScoreFilter, string][] = [
      ['name', 's.name'],
      ['source', 's.source'],
      ['configId', 's.config_id'],
      ['sessionId', 's.session_id'],
      ['datasetRunId', 's.dataset_run_id'],
      ['traceId', 's.trace_id'],
      ['queueId', 's.queue_id'],
      ['dataType', 's.data_type'],
    ];
    for (const [key, column] of equal) {
      if (filter[key] !== undefined) query.andWhere(`${column} = :${key}`, { [key]: filter[key] });
    }
    if (filter.fromTimestamp) query.andWhere('s.timestamp >= :fromTimestamp', { fromTimestamp: filter.fromTimestamp });
    if (filter.toTimestamp) query.andWhere('s.timestamp < :toTimestamp', { toTimestamp: filter.toTimestamp });
    if (filter.environments?.length) query.andWhere('s.environment = ANY(:environments)', { environments: filter.environments });
    if (filter.ids?.length) query.andWhere('s.id = ANY(:ids)', { ids: filter.ids });
    if (filter.observationIds?.length) {
      query.andWhere('s.observation_id = ANY(:observationIds)', { observationIds: filter.observationIds });
    }
    if (filter.value) {
      query.andWhere(`s.value ${SCORE_VALUE_OPERATORS[filter.value.operator]} :scoreValue`, { scoreValue: filter.value.value });
    }
    const traceConditions: string[] = [];
    if (filter.userId !== undefined) traceConditions.push('t.user_id = :userId');
    if (filter.traceTags?.length) traceConditions.push('t.tags @> CAST(:traceTags AS text[])');
    if (traceConditions.length > 0) {
      query.andWhere(
        `EXISTS (SELECT 1 FROM traces t WHERE t.project_id = s.project_id AND t.id = s.trace_id AND ${traceConditions.join(' AND ')})`,
        { userId: filter.userId, traceTags: filter.traceTags },
      );
    }
    return query;
  }
}
