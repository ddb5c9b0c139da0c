import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Client } from 'xtrace-client';
import { useApiClient } from '@/lib/api-client';
import type { TimeRange } from '@/lib/time-range';
import type { DailyMetric, Paged } from '@/types/api';

/** Per-day counts, cost and per-model usage for the range (one page: ranges are at most 90 days). */
export function dailyMetricsQueryOptions(client: Client, range: TimeRange) {
  return queryOptions({
    queryKey: ['daily-metrics', range.from.toISOString(), range.to.toISOString()],
    queryFn: async ({ signal }) => {
      const query = { fromTimestamp: range.from.toISOString(), toTimestamp: range.to.toISOString(), limit: 200 };
      return ((await client.dailyMetrics(query, { signal })) as Paged<DailyMetric>).data;
    },
  });
}

export function useDailyMetrics(range: TimeRange) {
  return useQuery(dailyMetricsQueryOptions(useApiClient(), range));
}
