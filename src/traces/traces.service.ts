import { Injectable } from '@nestjs/common';
import { pageMeta } from '../common/dto/page-meta.dto.js';
import { clampPage } from '../common/dto/page-query.dto.js';
import { AppError } from '../common/errors/app-error.js';
import { JsonSplice } from '../common/json/json-splice.js';
import type { ListTracesQueryDto } from './dto/list-traces-query.dto.js';
import type { TraceDetailDto, TraceListResponseDto } from './dto/trace-view.dto.js';
import { ObservationRepository } from './observation.repository.js';
import { toObservationView } from './observation-view.mapper.js';
import { ScoreRepository } from './score.repository.js';
import { toScoreView } from './score-view.mapper.js';
import { parseTraceOrderBy } from './trace-sort.js';
import { parseTraceFieldGroups, toTraceView } from './trace-view.mapper.js';
import { metricsOf, TraceRepository } from './trace.repository.js';

/**
 * Trace reads, always scoped by the caller's project. They answer with JSON text: stored
 * input, output and metadata go out as PostgreSQL sent them (JsonSplice).
 */
@Injectable()
export class TracesService {
  constructor(
    private readonly traces: TraceRepository,
    private readonly observations: ObservationRepository,
    private readonly scores: ScoreRepository,
  ) {}

  /** One page of traces as JSON text (TraceListResponseDto): the page first, then what each of its rows needs. */
  async list(projectId: string, query: ListTracesQueryDto): Promise<string> {
    const { page, limit } = clampPage(query.page, query.limit);
    const groups = parseTraceFieldGroups(query.fields);
    const splice = new JsonSplice();
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
      groups,
      splice,
    );
    const response: TraceListResponseDto = {
      data: traces.map((trace) => ({
        ...toTraceView(trace, metricsOf(trace), groups),
        observations: trace.observationIds ?? [],
        scores: trace.scoreIds ?? [],
      })),
      meta: pageMeta(page, limit, total),
    };
    return splice.stringify(response);
  }

  /** A trace with its observations and scores as JSON text (TraceDetailDto); 404 when it is not in the caller's project. */
  async get(projectId: string, traceId: string): Promise<string> {
    const splice = new JsonSplice();
    const [trace, observations, scores] = await Promise.all([
      this.traces.findOne(projectId, traceId, splice),
      this.observations.findByTrace(projectId, traceId, splice),
      this.scores.findByTrace(projectId, traceId),
    ]);
    if (!trace) throw AppError.notFound();
    const response: TraceDetailDto = {
      ...toTraceView(trace, metricsOf(trace)),
      observations: observations.map(toObservationView),
      scores: scores.map(toScoreView),
    };
    return splice.stringify(response);
  }
}
