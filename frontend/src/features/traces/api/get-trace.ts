import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Client } from 'xtrace-client';
import { useApiClient } from '@/lib/api-client';
import type { TraceDetail } from '@/types/api';

export function traceQueryOptions(client: Client, traceId: string) {
  return queryOptions({
    queryKey: ['trace', traceId],
    queryFn: async ({ signal }) => (await client.getTrace(traceId, { signal })) as TraceDetail,
  });
}

export function useTrace(traceId: string) {
  return useQuery(traceQueryOptions(useApiClient(), traceId));
}
