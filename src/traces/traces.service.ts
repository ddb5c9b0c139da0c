import { Injectable } from '@nestjs/common';
import { pageMeta } from '../common/dto/page-meta.dto.js';
import { clampPage } from '../common/dto/page-query.dto.js';
import { AppError } from '../common/errors/app-error.js';
import type { ListTracesQueryDto } from './dto/list-traces-query.dto.js';
import type { TraceDetailDto, TraceListResponseDto } from './dto/trace-view.dto.js';
import { ObservationRepository } from './observation.repository.js';
import { toObservationView } from './observation-view.mapper.js';
import { ScoreRepository } from './score.repository.js';
import { toScoreView } from './score-view.mapper.js';
import { parseTraceOrderBy } from './trace-sort.js';
import { parseTraceFieldGroups, toTraceView } from './trace-view.mapper.js';
import { TraceRepository } from './trace.repository.js';

/** Trace reads, always scoped by the caller's project. */
@Injectable()
export class TracesService {
  constructor(
    private readonly traces: TraceRepository,
    private readonly observations: ObservationRepository,
    private readonly scores: ScoreRepository,
  ) {}

  /** One page of traces: the page first, then what each of its rows needs. */
  async list(projectId: string, query: ListTracesQueryDto): Promise<TraceListResponseDto> {
    const { page, limit } = clampPage(query.page, query.limit);
    const groups = parseTraceFieldGroups(query.fields);
    const { traces, total } = await this.traces.list(
      projectId,
      {
        userId: query.userId,
        name: query.name,
        sessionId: query.sessionId,
        version: query.version,
        release: query.release,
        fromTimestamp: query.fromTimestamp ? new Date(query.fromTimestamp) : undefined,
        toTimestamp: query.toTimestamp ? new Date(query.toTimestamp) : undefined,
        tags: query.tags,
        environments: query.environment,
      },
      parseTraceOrderBy(query.orderBy),
      { offset: (page - 1) * limit, limit },
    );
    const ids = traces.map((trace) => trace.id);
    const none = new Map<string, never>();
    const [metrics, observationIds, scoreIds] = await Promise.all([
      groups.metrics ? this.traces.metrics(projectId, ids) : none,
      groups.observations ? this.observations.idsByTrace(projectId, ids) : none,
      groups.scores ? this.scores.idsByTrace(projectId, ids) : none,
    ]);
    return {
      data: traces.map((trace) => ({
        ...toTraceView(trace, metrics.get(trace.id), groups),
        observations: observationIds.get(trace.id) ?? [],
        scores: scoreIds.get(trace.id) ?? [],
      })),
      meta: pageMeta(page, limit, total),
    };
  }

  /** A trace with its observations and scores; 404 when it is not in the caller's project. */
  async get(projectId: string, traceId: string): Promise<TraceDetailDto> {
    const trace = await this.traces.findOne(projectId, traceId);
    if (!trace) throw AppError.notFound();
    const [metrics, observations, scores] = await Promise.all([
      this.traces.metrics(projectId, [traceId]),
      this.observations.findByTrace(projectId, traceId),
      this.scores.findByTrace(projectId, traceId),
    ]);
    return {
      ...toTraceView(trace, metrics.get(traceId)),
      observations: observations.map(toObservationView),
      scores: scores.map(toScoreView),
    };
  }
}
