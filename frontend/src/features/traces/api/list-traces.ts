import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Client } from 'xtrace-client';
import { useApiClient } from '@/lib/api-client';
import { presetRange } from '@/lib/time-range';
import type { Observation, Paged, Trace } from '@/types/api';
import type { TraceFilters } from '../lib/trace-filters';

/** Bounds of the client-side level filter (the trace list API has no `level` parameter). */
export const LEVEL_SCAN = { observationPages: 5, observationPageSize: 100, tracePages: 10, tracePageSize: 100 } as const;

export function tracesQueryOptions(client: Client, filters: TraceFilters) {
  return queryOptions({
    queryKey: ['traces', filters],
    queryFn: ({ signal }) => fetchTraces(client, filters, signal),
    placeholderData: keepPreviousData,
  });
}

export function useTraces(filters: TraceFilters) {
  return useQuery(tracesQueryOptions(useApiClient(), filters));
}

export async function fetchTraces(client: Client, filters: TraceFilters, signal?: AbortSignal): Promise<Paged<Trace>> {
  const query = listQuery(filters);
  if (!filters.level) {
    return (await client.listTraces({ ...query, page: filters.page, limit: filters.limit }, { signal })) as Paged<Trace>;
  }
  return tracesWithLevel(client, filters, query, signal);
}

function listQuery(filters: TraceFilters) {
  const { from, to } = filters.range ? presetRange(filters.range) : { from: filters.from, to: filters.to };
  return {
    fromTimestamp: from ? new Date(from).toISOString() : undefined,
    toTimestamp: to ? new Date(to).toISOString() : undefined,
    name: filters.name,
    userId: filters.userId,
    sessionId: filters.sessionId,
    release: filters.release,
    tags: filters.tags.length ? filters.tags : undefined,
    environment: filters.environment.length ? filters.environment : undefined,
    orderBy: filters.orderBy,
    fields: 'core,metrics,observations',
  };
}

/**
 * Traces holding an observation at the chosen level. The API cannot filter traces by
 * observation level, so this reads the matching observations (bounded), then the trace list
 * with the other filters (bounded), keeps the traces that match, and pages in the browser.
 */
async function tracesWithLevel(
  client: Client,
  filters: TraceFilters,
  query: ReturnType<typeof listQuery>,
  signal?: AbortSignal,
): Promise<Paged<Trace>> {
  const traceIds = new Set<string>();
  for (let page = 1; page <= LEVEL_SCAN.observationPages; page++) {
    const result = (await client.listObservations(
      {
        level: filters.level,
        fromStartTime: query.fromTimestamp,
        toStartTime: query.toTimestamp,
        userId: filters.userId,
        environment: query.environment,
        page,
        limit: LEVEL_SCAN.observationPageSize,
      },
      { signal },
    )) as Paged<Observation>;
    result.data.forEach((observation) => traceIds.add(observation.traceId));
    if (page >= result.meta.totalPages) break;
  }
  const matching: Trace[] = [];
  if (traceIds.size) {
    for (let page = 1; page <= LEVEL_SCAN.tracePages; page++) {
      const result = (await client.listTraces({ ...query, page, limit: LEVEL_SCAN.tracePageSize }, { signal })) as Paged<Trace>;
      matching.push(...result.data.filter((trace) => traceIds.has(trace.id)));
      if (page >= result.meta.totalPages || matching.length >= traceIds.size) break;
    }
  }
  const start = (filters.page - 1) * filters.limit;
  return {
    data: matching.slice(start, start + filters.limit),
    meta: {
      page: filters.page,
      limit: filters.limit,
      totalItems: matching.length,
      totalPages: Math.ceil(matching.length / filters.limit),
    },
  };
}
