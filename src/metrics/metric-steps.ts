/**
 * Steps, aggregations and rollup widths of the metrics query: the whitelists that
 * turn user words into SQL fragments and the bucket maths that chooses rollups.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Step name → bucket width in milliseconds (API.md §7). */
export const STEPS = {
  '10s': 10 * SECOND,
  '30s': 30 * SECOND,
  '1m': MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '6h': 6 * HOUR,
  '12h': 12 * HOUR,
  '1d': DAY,
  '1w': 7 * DAY,
} as const;
export type StepName = keyof typeof STEPS;
export const STEP_NAMES = Object.keys(STEPS) as StepName[];

export const AGG_NAMES = ['avg', 'max', 'min', 'sum', 'count', 'last', 'p50', 'p90', 'p95', 'p99'] as const;
export type AggName = (typeof AGG_NAMES)[number];

/** Aggregations a rollup row (count, sum, min, max, last) can answer exactly. */
export const ROLLUP_AGGS: ReadonlySet<AggName> = new Set(['avg', 'max', 'min', 'sum', 'count', 'last']);

/** Rollup tables, widest first: a query uses the widest one whose width divides the step. */
export const ROLLUPS = [
  { table: 'metric_rollups_1h', widthMs: HOUR },
  { table: 'metric_rollups_5m', widthMs: 5 * MINUTE },
] as const;
export type Rollup = (typeof ROLLUPS)[number];

/**
 * Width of the rollup deltas an ingest flush appends: the narrowest rollup, which every
 * wider one is a multiple of, so `metric_rollups_fold()` can fold them into each width.
 */
export const DELTA_WIDTH_MS = 5 * MINUTE;

/** More buckets than this per series → 400 (API.md §7). */
export const MAX_BUCKETS = 10_000;
export const MAX_SERIES = 50;
export const MAX_POINTS_PER_SERIES = 1_000;

export const DAY_MS = DAY;

/** Start of the epoch-aligned bucket holding `epochMs` (`date_bin(step, ts, epoch)`). */
export function bucketStart(epochMs: number, stepMs: number): number {
  return Math.floor(epochMs / stepMs) * stepMs;
}

/** Buckets a series can have between `from` and `to` (both inclusive). */
export function bucketCount(fromMs: number, toMs: number, stepMs: number): number {
  return (bucketStart(toMs, stepMs) - bucketStart(fromMs, stepMs)) / stepMs + 1;
}

/**
 * Where a query reads rollups: whole rollup buckets inside `[from, to]` that are young
 * enough to be kept by rollup retention. Points outside `[start, end)` come from raw
 * points, so buckets that `from`/`to` cut through are computed exactly.
 * `undefined`: read raw points only.
 */
export interface RollupPlan {
  rollup: Rollup;
  /** First rollup bucket read (inclusive). */
  startMs: number;
  /** End of the last rollup bucket read (exclusive). */
  endMs: number;
}

export function planRollup(
  agg: AggName,
  stepMs: number,
  fromMs: number,
  toMs: number,
  rollupsKeptSinceMs: number,
): RollupPlan | undefined {
  if (!ROLLUP_AGGS.has(agg)) return undefined;
  const rollup = ROLLUPS.find((candidate) => stepMs % candidate.widthMs === 0);
  if (!rollup) return undefined;
  const width = rollup.widthMs;
  // Retention deletes rollup buckets that ended before its cutoff; never read near it.
  const startMs = Math.ceil(Math.max(fromMs, rollupsKeptSinceMs) / width) * width;
  // A bucket is whole when its last instant is <= to; `floor` keeps that conservative.
  const endMs = Math.floor(toMs / width) * width;
  return startMs < endMs ? { rollup, startMs, endMs } : undefined;
}
