import {
  type AggName,
  MAX_POINTS_PER_SERIES,
  MAX_SERIES,
  type RollupPlan,
} from '../metric-steps.js';

export interface MetricBucketsInput {
  projectId: string;
  name: string;
  /** JSON object text; series whose labels contain it. `{}` matches every series. */
  labelsFilter: string;
  /** A label key, or null for one series per distinct label set. */
  groupBy: string | null;
  agg: AggName;
  stepMs: number;
  fromMs: number;
  toMs: number;
  /** Whole rollup buckets to read instead of raw points; only for ROLLUP_AGGS. */
  rollup?: RollupPlan;
}

/** Aggregations over raw points (`value`, `ts`) per series and bucket. */
const RAW_AGGS: Record<AggName, string> = {
  avg: 'avg(value)',
  max: 'max(value)',
  min: 'min(value)',
  sum: 'sum(value)',
  count: 'count(*)::double precision',
  // Greatest timestamp wins; equal timestamps: greatest value (same rule as the rollups).
  last: '(array_agg(value ORDER BY ts DESC, value DESC))[1]',
  p50: 'percentile_cont(0.5) WITHIN GROUP (ORDER BY value)',
  p90: 'percentile_cont(0.9) WITHIN GROUP (ORDER BY value)',
  p95: 'percentile_cont(0.95) WITHIN GROUP (ORDER BY value)',
  p99: 'percentile_cont(0.99) WITHIN GROUP (ORDER BY value)',
};

/**
 * The same aggregations over partial aggregates (raw points and rollup rows alike).
 * Counts are summed as double precision (exact below 2^53): `sum(bigint)` is numeric, slow.
 */
const COMBINED_AGGS: Partial<Record<AggName, string>> = {
  avg: 'sum(sum) / sum(count)',
  max: 'max(max)',
  min: 'min(min)',
  sum: 'sum(sum)',
  count: 'sum(count)',
  last: '(array_agg(last_value ORDER BY last_ts DESC, last_value DESC))[1]',
};

const EPOCH = `TIMESTAMPTZ '1970-01-01 00:00:00+00'`;

/**
 * One statement for `GET /api/public/metrics/query`.
 * - `series`: the matching `metric_series` rows, keyed by their labels or by
 *   `{group_by: value}`; `key_rank` numbers the keys in the answer's series order
 *   (compact key-sorted JSON, byte order: the stored `sort_key`, or for one group_by key
 *   simply its JSON value text).
 * - `series_latest`: each series' latest timestamp in the window (one backward index
 *   probe per series, newest partition first); series without data drop out here.
 * - `scope`: only the series of the first MAX_SERIES + 1 keys with data are aggregated
 *   (the extra one tells the caller to set `truncated`); `latest_ts` still covers all.
 * - `buckets`: `date_bin(step, ts, epoch)` aggregates. With a rollup plan, whole rollup
 *   buckets come from the rollup table and only the edges that `from`/`to` cut through
 *   from raw points, both as partial aggregates combined per bucket, so the answer equals
 *   the raw computation.
 * - One row per series (in answer order) with its first MAX_POINTS_PER_SERIES + 1 bucket
 *   starts (epoch ms) and values as JSON arrays: parsing ~15k rows of a week-long chart cost
 *   the server more CPU than the query cost PostgreSQL, and `JSON.parse` reads a float array
 *   several times faster than pg's parser of PostgreSQL array text.
 * Every user value is a parameter; the only interpolations are whitelisted fragments
 * (aggregate expression, rollup table) and constants.
 */
export function metricBucketsQuery(input: MetricBucketsInput) {
  const params: unknown[] = [
    input.projectId,
    input.name,
    input.labelsFilter,
    input.groupBy,
    `${input.stepMs / 1000} seconds`,
    new Date(input.fromMs).toISOString(),
    new Date(input.toMs).toISOString(),
  ];
  if (input.rollup) params.push(new Date(input.rollup.startMs).toISOString(), new Date(input.rollup.endMs).toISOString());
  const sql = `
WITH series AS (
  SELECT
    s.id,
    CASE WHEN $4::text IS NULL THEN s.labels ELSE jsonb_build_object($4::text, s.labels -> $4::text) END AS labels,
    CASE WHEN $4::text IS NULL THEN s.sort_key ELSE coalesce((s.labels -> $4::text)::text, 'null') END AS sort_key
  FROM metric_series s
  WHERE s.project_id = $1
    AND s.name = $2
    AND s.labels @> $3::jsonb
),
series_keys AS (
  SELECT id, labels, dense_rank() OVER (ORDER BY sort_key COLLATE "C") AS key_rank
  FROM series
),
series_latest AS (
  SELECT id, key_rank, latest_ts
  FROM (
    SELECT k.id, k.key_rank, ${latestExpression(input.rollup)} AS latest_ts
    FROM series_keys k
  ) AS probed
  WHERE latest_ts IS NOT NULL
),
chosen_keys AS (
  SELECT DISTINCT key_rank FROM series_latest ORDER BY key_rank LIMIT ${MAX_SERIES + 1}
),
scope AS (
  SELECT series_latest.id, series_latest.key_rank
  FROM series_latest
  JOIN chosen_keys ON chosen_keys.key_rank = series_latest.key_rank
),${input.rollup ? rollupBuckets(input.agg, input.rollup) : rawBuckets(input.agg)},
numbered AS (
  SELECT key_rank, bucket, value, row_number() OVER (PARTITION BY key_rank ORDER BY bucket) AS point_no
  FROM buckets
),
series_values AS (
  SELECT
    key_rank,
    json_agg((extract(epoch FROM bucket) * 1000)::double precision ORDER BY bucket) AS buckets,
    json_agg(value ORDER BY bucket) AS "values"
  FROM numbered
  WHERE point_no <= ${MAX_POINTS_PER_SERIES + 1}
  GROUP BY key_rank
),
key_labels AS (
  SELECT DISTINCT ON (key_rank) key_rank, labels FROM series_keys ORDER BY key_rank
)
SELECT
  key_labels.labels,
  series_values.buckets,
  series_values."values",
  (SELECT (extract(epoch FROM date_bin($5::interval, max(latest_ts), ${EPOCH})) * 1000)::double precision FROM series_latest) AS latest_bucket
FROM series_values
JOIN key_labels ON key_labels.key_rank = series_values.key_rank
ORDER BY series_values.key_rank`;
  return { sql, params };
}

/**
 * The latest point of series `k` in the window. With rollups, when raw points are gone
 * (point retention), the latest `last_ts` of its rollup or not-yet-folded delta rows;
 * `coalesce` only evaluates those then.
 */
function latestExpression(rollup: RollupPlan | undefined): string {
  const raw = `(
      SELECT p.ts FROM metric_points p
      WHERE p.series_id = k.id AND p.ts >= $6::timestamptz AND p.ts <= $7::timestamptz
      ORDER BY p.ts DESC LIMIT 1
    )`;
  if (!rollup) return raw;
  const latestOf = (table: string) => `(
      SELECT r.last_ts FROM ${table} r
      WHERE r.series_id = k.id AND r.bucket >= $8::timestamptz AND r.bucket < $9::timestamptz
      ORDER BY r.bucket DESC, r.last_ts DESC LIMIT 1
    )`;
  return `coalesce(${raw}, GREATEST(${latestOf(rollup.rollup.table)}, ${latestOf('metric_rollup_deltas')}))`;
}

/**
 * Rows of `table` for each series in scope, read per series: `OFFSET 0` keeps the
 * subquery from being flattened, so the planner cannot trade the per-series index range
 * scans for a scan of every series' rows in the time range.
 */
function perSeries(columns: string, table: string, alias: string, range: string): string {
  return `scope
  CROSS JOIN LATERAL (
    SELECT ${columns} FROM ${table} ${alias} WHERE ${alias}.series_id = scope.id AND ${range} OFFSET 0
  ) AS ${alias}`;
}

function rawBuckets(agg: AggName): string {
  return `
points AS (
  SELECT scope.key_rank, date_bin($5::interval, p.ts, ${EPOCH}) AS bucket, p.ts, p.value
  FROM ${perSeries('p.ts, p.value', 'metric_points', 'p', 'p.ts >= $6::timestamptz AND p.ts <= $7::timestamptz')}
),
buckets AS (
  SELECT key_rank, bucket, ${RAW_AGGS[agg]} AS value
  FROM points
  GROUP BY key_rank, bucket
)`;
}

function rollupBuckets(agg: AggName, plan: RollupPlan): string {
  const combined = COMBINED_AGGS[agg];
  if (!combined) throw new Error(`aggregation ${agg} cannot be read from rollups`);
  const rawPart = (range: string) => `
  SELECT scope.key_rank, date_bin($5::interval, p.ts, ${EPOCH}) AS bucket,
         1::double precision AS count, p.value AS sum, p.value AS min, p.value AS max, p.value AS last_value, p.ts AS last_ts
  FROM ${perSeries('p.ts, p.value', 'metric_points', 'p', range)}`;
  // Deltas (5-minute partial aggregates not yet folded into the rollups) are read like
  // rollup rows: every committed point is in exactly one of raw-edge, rollup or delta rows.
  const rollupPart = (table: string) => `
  SELECT scope.key_rank, date_bin($5::interval, r.bucket, ${EPOCH}) AS bucket,
         r.count::double precision, r.sum, r.min, r.max, r.last_value, r.last_ts
  FROM ${perSeries('r.bucket, r.count, r.sum, r.min, r.max, r.last_value, r.last_ts', table, 'r', 'r.bucket >= $8::timestamptz AND r.bucket < $9::timestamptz')}`;
  return `
parts AS (${rawPart('p.ts >= $6::timestamptz AND p.ts < $8::timestamptz')}
  UNION ALL${rawPart('p.ts >= $9::timestamptz AND p.ts <= $7::timestamptz')}
  UNION ALL${rollupPart(plan.rollup.table)}
  UNION ALL${rollupPart('metric_rollup_deltas')}
),
buckets AS (
  SELECT key_rank, bucket, ${combined} AS value
  FROM parts
  GROUP BY key_rank, bucket
)`;
}
