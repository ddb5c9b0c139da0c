import { Injectable } from '@nestjs/common';
import { pageMeta } from '../common/dto/page-meta.dto.js';
import { AppError } from '../common/errors/app-error.js';
import type { ListScoresQueryDto, ScoreDto, ScoreListResponseDto } from './dto/score.dto.js';
import { type ScoreFilter, ScoreSearchRepository } from './score-search.repository.js';
import type { ScoreEntity } from './score.entity.js';
import { toScoreView } from './score-view.mapper.js';
import type { TraceEntity } from './trace.entity.js';
import { clampPage } from '../common/dto/page-query.dto.js';

/** Score reads and deletion, scoped by the caller's project. */
@Injectable()
export class ScoresService {
  constructor(private readonly search: ScoreSearchRepository) {}

  async list(projectId: string, query: ListScoresQueryDto): Promise<ScoreListResponseDto> {
    const { page, limit } = clampPage(query.page, query.limit);
    const { scores, total } = await this.search.page(projectId, toFilter(query), { offset: (page - 1) * limit, limit });
    const withTrace = query.fields === undefined || query.fields.split(',').some((group) => group.trim() === 'trace');
    const traces = withTrace
      ? await this.search.tracesById(projectId, scores.flatMap((score) => (score.traceId ? [score.traceId] : [])))
      : new Map<string, TraceEntity>();
    return {
      data: scores.map((score) => toScoreDto(score, score.traceId ? traces.get(score.traceId) : undefined)),
      meta: pageMeta(page, limit, total),
    };
  }

  async get(projectId: string, id: string): Promise<ScoreDto> {
    const score = await this.search.findOne(projectId, id);
    if (!score) throw AppError.notFound();
    const traces = score.traceId ? await this.search.tracesById(projectId, [score.traceId]) : new Map();
    return toScoreDto(score, score.traceId ? traces.get(score.traceId) : undefined);
  }

  async delete(projectId: string, id: string): Promise<void> {
    if (!(await this.search.delete(projectId, id))) throw AppError.notFound();
  }
}

function toFilter(query: ListScoresQueryDto): ScoreFilter {
  if ((query.operator === undefined) !== (query.value === undefined)) {
    throw AppError.badRequest('operator and value go together: give both or neither');
  }
  return {
    userId: query.userId,
    name: query.name,
    fromTimestamp: query.fromTimestamp ? new Date(query.fromTimestamp) : undefined,
    toTimestamp: query.toTimestamp ? new Date(query.toTimestamp) : undefined,
    environments: query.environment,
    source: query.source,
    value: query.operator !== undefined ? { operator: query.operator, value: query.value! } : undefined,
    ids: query.scoreIds,
    configId: query.configId,
    sessionId: query.sessionId,
    datasetRunId: query.datasetRunId,
    traceId: query.traceId,
    observationIds: query.observationId,
    queueId: query.queueId,
    dataType: query.dataType,
    traceTags: query.traceTags,
  };
}

/** A score as the v2 score reads show it. */
export function toScoreDto(score: ScoreEntity, trace: TraceEntity | undefined): ScoreDto {
  const dto: ScoreDto = { ...toScoreView(score), sessionId: score.sessionId, datasetRunId: score.datasetRunId };
  if (trace) {
    dto.trace = { userId: trace.userId, tags: trace.tags, environment: trace.environment, sessionId: trace.sessionId };
  }
  return dto;
}
