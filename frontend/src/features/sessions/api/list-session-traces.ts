import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Client } from 'xtrace-client';
import { useApiClient } from '@/lib/api-client';
import type { Paged, Trace } from '@/types/api';

/** How many turns of one session the page shows (the newest are cut; the count says so). */
export const SESSION_TURN_LIMIT = 200;

/**
 * A session's traces, oldest first, with their input and output: the trace list filtered by
 * `sessionId`, which orders and pages on the server (a session can be long).
 */
export function sessionTracesQueryOptions(client: Client, sessionId: string) {
  return queryOptions({
    queryKey: ['session-traces', sessionId],
    queryFn: async ({ signal }) => {
      const query = { sessionId, orderBy: 'timestamp.asc', fields: 'core,io,metrics', limit: SESSION_TURN_LIMIT };
      return (await client.listTraces(query, { signal })) as Paged<Trace>;
    },
  });
}

export function useSessionTraces(sessionId: string) {
  return useQuery(sessionTracesQueryOptions(useApiClient(), sessionId));
}
