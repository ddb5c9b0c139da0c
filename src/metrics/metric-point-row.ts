/** The writer's row kind name for metric points. */
export const METRIC_POINT_KIND = 'metricPoints';

/** One validated metric point, as the ingest door hands it to the writer. */
export interface MetricPointRow {
  name: string;
  /** Label key → value; at most 32 pairs. */
  labels: Record<string, string>;
  value: number;
  /** Epoch milliseconds. */
  timestampMs: number;
}
