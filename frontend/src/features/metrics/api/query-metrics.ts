import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { Client } from 'xtrace-client';
import { useApiClient } from '@/lib/api-client';
import { presetRange } from '@/lib/time-range';
import type { MetricQueryResult } from '@/types/api';
import type { MetricsParams } from '../lib/metrics-params';

export function metricQueryOptions(client: Client, params: MetricsParams & { name: string }) {
  return queryOptions({
    queryKey: ['metric-query', params],
    queryFn: async ({ signal }) => {
      // The window slides with every refresh: presets are relative to now.
      const { from, to } = presetRange(params.range);
      const query = {
        name: params.name,
        from: from.toISOString(),
        to: to.toISOString(),
        step: params.step,
        agg: params.agg,
        group_by: params.groupBy,
        labels: Object.keys(params.labels).length ? params.labels : undefined,
      };
      return (await client.queryMetrics(query, { signal })) as MetricQueryResult;
    },
    placeholderData: keepPreviousData,
  });
}

export function useMetricQuery(params: MetricsParams) {
  const client = useApiClient();
  return useQuery({
    ...metricQueryOptions(client, { ...params, name: params.name ?? '' }),
    enabled: !!params.name,
    refetchInterval: params.refresh > 0 ? params.refresh * 1000 : false,
  });
}
