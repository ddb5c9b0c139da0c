import type { MetricSeries } from '@/types/api';

export interface ChartSeries {
  /** Column key in the chart rows (label values may contain anything, so not used as keys). */
  key: string;
  label: string;
}

export interface SeriesChart {
  series: ChartSeries[];
  /** One row per bucket, ascending: `{ t: epochMs, s0: value, s1: value, … }`. */
  rows: Array<{ t: number } & Record<string, number | null>>;
}

/** A series' name for the legend: `region=eu, host=a`, or the metric name when it has no labels. */
export function seriesLabel(labels: Record<string, string | null>, fallback = 'all'): string {
  const entries = Object.entries(labels).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return fallback;
  return entries.map(([key, value]) => `${key}=${value ?? '∅'}`).join(', ');
}

/**
 * Turns the API's series-of-points into rows keyed by bucket, the shape Recharts draws one
 * line per key from. A bucket missing from a series stays `null` so the line shows a gap.
 */
export function pivotSeries(data: readonly MetricSeries[], fallbackLabel?: string): SeriesChart {
  const series = data.map((item, index) => ({ key: `s${index}`, label: seriesLabel(item.labels, fallbackLabel) }));
  const byTime = new Map<number, { t: number } & Record<string, number | null>>();
  data.forEach((item, index) => {
    for (const point of item.values) {
      const t = Date.parse(point.timestamp);
      if (Number.isNaN(t)) continue;
      let row = byTime.get(t);
      if (!row) {
        row = { t } as { t: number } & Record<string, number | null>;
        for (const { key } of series) row[key] = null;
        byTime.set(t, row);
      }
      row[`s${index}`] = point.value;
    }
  });
  return { series, rows: [...byTime.values()].sort((a, b) => a.t - b.t) };
}

export const STEP_SECONDS = {
  '10s': 10,
  '30s': 30,
  '1m': 60,
  '5m': 300,
  '15m': 900,
  '30m': 1800,
  '1h': 3600,
  '6h': 21_600,
  '12h': 43_200,
  '1d': 86_400,
  '1w': 604_800,
} as const;

export type Step = keyof typeof STEP_SECONDS;

export const AGGREGATIONS = ['avg', 'sum', 'min', 'max', 'count', 'last', 'p50', 'p90', 'p95', 'p99'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/**
 * Data is stale when the newest bucket is more than two steps (and at least two minutes)
 * behind now: the sender has probably stopped. Without data there is nothing to call stale.
 */
export function isStale(latestTs: string | undefined, step: Step, now: number = Date.now()): boolean {
  if (!latestTs) return false;
  const latest = Date.parse(latestTs);
  if (Number.isNaN(latest)) return false;
  const allowedMs = Math.max(2 * STEP_SECONDS[step] * 1000, 120_000) + STEP_SECONDS[step] * 1000;
  return now - latest > allowedMs;
}

/** A step that keeps a window under ~300 points, so the chart stays readable and the API accepts it. */
export function suggestStep(windowMs: number): Step {
  const steps = Object.entries(STEP_SECONDS) as Array<[Step, number]>;
  return steps.find(([, seconds]) => windowMs / (seconds * 1000) <= 300)?.[0] ?? '1w';
}
