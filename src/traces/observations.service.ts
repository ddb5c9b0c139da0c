import { Injectable } from '@nestjs/common';
import { pageMeta } from '../common/dto/page-meta.dto.js';
import { AppError } from '../common/errors/app-error.js';
import { JsonSplice } from '../common/json/json-splice.js';
import type { ObservationFilterQueryDto, ListObservationsQueryDto } from './dto/list-observations-query.dto.js';
import type { ListObservationsV2QueryDto } from './dto/list-observations-v2-query.dto.js';
import type { ObservationListResponseDto, ObservationV2ListResponseDto } from './dto/observation-list.dto.js';
import type { ObservationViewDto } from './dto/observation-view.dto.js';
import { type ObservationFilter, type ObservationPosition, ObservationSearchRepository } from './observation-search.repository.js';
import { parseObservationFieldGroups, toObservationV2 } from './observation-v2.mapper.js';
import { toObservationView } from './observation-view.mapper.js';
import { clampPage } from '../common/dto/page-query.dto.js';

const DEFAULT_V2_LIMIT = 50;

/**
 * Observation reads across traces (Langfuse v1 and v2), scoped by the caller's project. They
 * answer with JSON text: stored input, output and metadata go out as PostgreSQL sent them (JsonSplice).
 */
@Injectable()
export class ObservationsService {
  constructor(private readonly search: ObservationSearchRepository) {}

  /** One numbered page as JSON text (ObservationListResponseDto). */
  async list(projectId: string, query: ListObservationsQueryDto): Promise<string> {
    const { page, limit } = clampPage(query.page, query.limit);
    const splice = new JsonSplice();
    const { observations, total } = await this.search.page(projectId, toFilter(query), { offset: (page - 1) * limit, limit }, splice);
    const response: ObservationListResponseDto = { data: observations.map(toObservationView), meta: pageMeta(page, limit, total) };
    return splice.stringify(response);
  }

  /** One observation as JSON text (ObservationViewDto); 404 when it is not in the caller's project. */
  async get(projectId: string, id: string): Promise<string> {
    const splice = new JsonSplice();
    const observation = await this.search.findOne(projectId, id, splice);
    if (!observation) throw AppError.notFound();
    const response: ObservationViewDto = toObservationView(observation);
    return splice.stringify(response);
  }

  /** A cursor page as JSON text (ObservationV2ListResponseDto): one row more than asked tells whether another page follows. */
  async listV2(projectId: string, query: ListObservationsV2QueryDto): Promise<string> {
    const limit = query.limit ?? DEFAULT_V2_LIMIT;
    const groups = parseObservationFieldGroups(query.fields);
    const filter: ObservationFilter = {
      ...toFilter(query),
      sessionId: query.sessionId,
      isRoot: query.isRootObservation === undefined ? undefined : query.isRootObservation === 'true',
    };
    const splice = new JsonSplice();
    const rows = await this.search.after(projectId, filter, decodeCursor(query.cursor), limit + 1, splice);
    const page = rows.slice(0, limit);
    const needsTraces = groups.has('basic') || groups.has('trace_context');
    const traces = needsTraces
      ? await this.search.tracesById(projectId, page.map((row) => row.observation.traceId))
      : new Map();
    const response: ObservationV2ListResponseDto = {
      data: page.map((row) => toObservationV2(row.observation, traces.get(row.observation.traceId), groups)),
      meta: rows.length > limit ? { cursor: encodeCursor(page[page.length - 1].position) } : {},
    };
    return splice.stringify(response);
  }
}

function toFilter(query: ObservationFilterQueryDto): ObservationFilter {
  return {
    name: query.name,
    userId: query.userId,
    type: query.type,
    traceId: query.traceId,
    parentObservationId: query.parentObservationId,
    level: query.level,
    environments: query.environment,
    fromStartTime: query.fromStartTime ? new Date(query.fromStartTime) : undefined,
    toStartTime: query.toStartTime ? new Date(query.toStartTime) : undefined,
    version: query.version,
  };
}

export function encodeCursor(position: ObservationPosition): string {
  return Buffer.from(JSON.stringify([position.sortKey, position.id])).toString('base64url');
}

/** The position a cursor names; a cursor this server did not issue is a 400. */
export function decodeCursor(cursor: string | undefined): ObservationPosition | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const [sortKey, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof sortKey === 'string' && !Number.isNaN(Date.parse(sortKey)) && typeof id === 'string') return { sortKey, id };
  } catch {
    // fall through
  }
  throw AppError.badRequest('invalid cursor: pass meta.cursor of the previous page');
}
