import { queryOptions, useQuery } from '@tanstack/react-query';
import type { Client } from 'xtrace-client';
import { useApiClient } from '@/lib/api-client';
import type { TimeRange } from '@/lib/time-range';
import type { Paged, Trace } from '@/types/api';

/** How many of the range's newest traces the overview reads for users and latency percentiles. */
export const TRACE_SAMPLE = { pages: 5, pageSize: 200 } as const;

export interface TraceSample {
  traces: Array<Pick<Trace, 'timestamp' | 'latency' | 'userId'>>;
  /** All traces in the range; more than `traces.length` when the sample was capped. */
  total: number;
}

/**
 * The API has no distinct-user count or latency percentiles, so the overview computes them
 * in the browser from the newest traces of the range (core and metrics fields only).
 */
export function traceSampleQueryOptions(client: Client, range: TimeRange) {
  return queryOptions({
    queryKey: ['trace-sample', range.from.toISOString(), range.to.toISOString()],
    queryFn: async ({ signal }): Promise<TraceSample> => {
      const traces: TraceSample['traces'] = [];
      let total = 0;
      for (let page = 1; page <= TRACE_SAMPLE.pages; page++) {
        const query = {
          fromTimestamp: range.from.toISOString(),
          toTimestamp: range.to.toISOString(),
          fields: 'core,metrics',
          orderBy: 'timestamp.desc',
          page,
          limit: TRACE_SAMPLE.pageSize,
        };
        const result = (await client.listTraces(query, { signal })) as Paged<Trace>;
        total = result.meta.totalItems;
        traces.push(...result.data.map(({ timestamp, latency, userId }) => ({ timestamp, latency, userId })));
        if (page >= result.meta.totalPages) break;
      }
      return { traces, total };
    },
  });
}

export function useTraceSample(range: TimeRange) {
  return useQuery(traceSampleQueryOptions(useApiClient(), range));
}
