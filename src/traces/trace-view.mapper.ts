import type { TraceViewDto } from './dto/trace-view.dto.js';
import type { TraceMetrics } from './trace.repository.js';
import type { TraceEntity } from './trace.entity.js';

/** The `fields` groups of the trace list; `core` is always included. */
export interface TraceFieldGroups {
  io: boolean;
  scores: boolean;
  observations: boolean;
  metrics: boolean;
}

export const ALL_TRACE_FIELDS: TraceFieldGroups = { io: true, scores: true, observations: true, metrics: true };

/** Reads `fields` (a comma list); absent means every group. Unknown groups are ignored, as in the original. */
export function parseTraceFieldGroups(fields: string | undefined): TraceFieldGroups {
  if (fields === undefined) return ALL_TRACE_FIELDS;
  const groups = new Set(fields.split(',').map((group) => group.trim()));
  return {
    io: groups.has('io'),
    scores: groups.has('scores'),
    observations: groups.has('observations'),
    metrics: groups.has('metrics'),
  };
}

/** What list and detail show alike; `metrics` unset means latency and totalCost are withheld (-1). */
export function toTraceView(
  trace: TraceEntity,
  metrics: TraceMetrics | undefined,
  groups: Pick<TraceFieldGroups, 'io' | 'metrics'> = ALL_TRACE_FIELDS,
): TraceViewDto {
  const io = groups.io
    ? { input: trace.input ?? null, output: trace.output ?? null }
    : {};
  return {
    id: trace.id,
    timestamp: trace.timestamp,
    name: trace.name,
    ...io,
    sessionId: trace.sessionId,
    release: trace.release,
    version: trace.version,
    userId: trace.userId,
    ...(groups.io ? { metadata: trace.metadata ?? null } : {}),
    tags: trace.tags,
    public: trace.public,
    projectId: trace.projectId,
    externalId: trace.externalId,
    bookmarked: trace.bookmarked,
    environment: trace.environment,
    htmlPath: `/project/${encodeURIComponent(trace.projectId)}/traces/${encodeURIComponent(trace.id)}`,
    latency: groups.metrics ? (metrics?.latency ?? 0) : -1,
    totalCost: groups.metrics ? (metrics?.totalCost ?? 0) : -1,
    createdAt: trace.createdAt,
    updatedAt: trace.updatedAt,
  };
}
