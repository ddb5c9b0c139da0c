import { Injectable } from '@nestjs/common';
import { pageMeta } from '../common/dto/page-meta.dto.js';
import { AppError } from '../common/errors/app-error.js';
import { JsonSplice } from '../common/json/json-splice.js';
import type { ListSessionsQueryDto, SessionDetailDto, SessionListResponseDto } from './dto/session.dto.js';
import { SessionRepository } from './session.repository.js';
import { toTraceView } from './trace-view.mapper.js';
import { metricsOf, TraceRepository } from './trace.repository.js';
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

  /**
   * A session and its traces as JSON text (SessionDetailDto), stored input, output and metadata
   * as PostgreSQL sent them; 404 when no trace carries the id.
   */
  async get(projectId: string, sessionId: string): Promise<string> {
    const splice = new JsonSplice();
    const traces = await this.traces.findBySession(projectId, sessionId, splice);
    if (traces.length === 0) throw AppError.notFound();
    const response: SessionDetailDto = {
      id: sessionId,
      createdAt: traces[0].timestamp,
      environment: traces[0].environment,
      projectId,
      traces: traces.map((trace) => toTraceView(trace, metricsOf(trace))),
    };
    return splice.stringify(response);
  }
}
