import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Client } from 'xtrace-client';
import { useApiClient } from '@/lib/api-client';

export function metricLabelsQueryOptions(client: Client, name: string) {
  return queryOptions({
    queryKey: ['metric-labels', name],
    queryFn: async ({ signal }) => ((await client.metricLabels(name, { signal })) as { data: Record<string, string[]> }).data,
  });
}

export function useMetricLabels(name: string | undefined) {
  const client = useApiClient();
  return useQuery({ ...metricLabelsQueryOptions(client, name ?? ''), enabled: !!name });
}
