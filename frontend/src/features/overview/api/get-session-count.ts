import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Client } from 'xtrace-client';
import { useApiClient } from '@/lib/api-client';
import type { TimeRange } from '@/lib/time-range';
import type { Paged, Session } from '@/types/api';

/** Sessions started in the range: the list's `totalItems`, read with a one-row page. */
export function sessionCountQueryOptions(client: Client, range: TimeRange) {
  return queryOptions({
    queryKey: ['session-count', range.from.toISOString(), range.to.toISOString()],
    queryFn: async ({ signal }) => {
      const query = { fromTimestamp: range.from.toISOString(), toTimestamp: range.to.toISOString(), limit: 1 };
      return ((await client.listSessions(query, { signal })) as Paged<Session>).meta.totalItems;
    },
  });
}

export function useSessionCount(range: TimeRange) {
  return useQuery(sessionCountQueryOptions(useApiClient(), range));
}
