import { Injectable } from '@nestjs/common';
import { pageMeta } from '../common/dto/page-meta.dto.js';
import { AppError } from '../common/errors/app-error.js';
import type { ListSessionsQueryDto, SessionDetailDto, SessionListResponseDto } from './dto/session.dto.js';
import { SessionRepository } from './session.repository.js';
import { toTraceView } from './trace-view.mapper.js';
import { TraceRepository } from './trace.repository.js';
import { clampPage } from '../common/dto/page-query.dto.js';

/** Sessions: the traces sharing a sessionId, scoped by the caller's project. */
@Injectable()
export class SessionsService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly traces: TraceRepository,
  ) {}

  async list(projectId: string, query: ListSessionsQueryDto): Promise<SessionListResponseDto> {
    const { page, limit } = clampPage(query.page, query.limit);
    const { sessions, total } = await this.sessions.list(
      projectId,
      {
        fromTimestamp: query.fromTimestamp ? new Date(query.fromTimestamp) : undefined,
        toTimestamp: query.toTimestamp ? new Date(query.toTimestamp) : undefined,
        environments: query.environment,
      },
      { offset: (page - 1) * limit, limit },
    );
    return { data: sessions.map((session) => ({ ...session, projectId })), meta: pageMeta(page, limit, total) };
  }

  async get(projectId: string, sessionId: string): Promise<SessionDetailDto> {
    const found = await this.sessions.findWithTraces(projectId, sessionId);
    if (!found) throw AppError.notFound();
    const metrics = await this.traces.metrics(
      projectId,
      found.traces.map((trace) => trace.id),
    );
    return {
      ...found.session,
      projectId,
      traces: found.traces.map((trace) => toTraceView(trace, metrics.get(trace.id))),
    };
  }
}
