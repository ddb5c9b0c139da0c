import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Client } from 'xtrace-client';
import { useApiClient } from '@/lib/api-client';
import type { SessionDetail } from '@/types/api';

export function sessionQueryOptions(client: Client, sessionId: string) {
  return queryOptions({
    queryKey: ['session', sessionId],
    queryFn: async ({ signal }) => (await client.getSession(sessionId, { signal })) as SessionDetail,
  });
}

export function useSession(sessionId: string) {
  return useQuery(sessionQueryOptions(useApiClient(), sessionId));
}
