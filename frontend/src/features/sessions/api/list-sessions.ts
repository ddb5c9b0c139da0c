import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Client } from 'xtrace-client';
import { useApiClient } from '@/lib/api-client';
import { presetRange, type RangePreset } from '@/lib/time-range';
import type { Paged, Session } from '@/types/api';

export interface SessionListParams {
  range: RangePreset;
  page: number;
  limit: number;
}

export function sessionsQueryOptions(client: Client, params: SessionListParams) {
  return queryOptions({
    queryKey: ['sessions', params],
    queryFn: async ({ signal }) => {
      const { from, to } = presetRange(params.range);
      const query = { fromTimestamp: from.toISOString(), toTimestamp: to.toISOString(), page: params.page, limit: params.limit };
      return (await client.listSessions(query, { signal })) as Paged<Session>;
    },
    placeholderData: keepPreviousData,
  });
}

export function useSessions(params: SessionListParams) {
  return useQuery(sessionsQueryOptions(useApiClient(), params));
}
