import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Client } from 'xtrace-client';
import { useApiClient } from '@/lib/api-client';

export function metricNamesQueryOptions(client: Client) {
  return queryOptions({
    queryKey: ['metric-names'],
    queryFn: async ({ signal }) => ((await client.metricNames({ signal })) as { data: string[] }).data,
  });
}

export function useMetricNames() {
  return useQuery(metricNamesQueryOptions(useApiClient()));
}
