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

/** The same aggregations over partial aggregates (raw points and rollup rows alike). */
const COMBINED_AGGS: Partial<Record<AggName, string>> = {
  avg: 'sum(sum) / sum(count)::double precision',
  max: 'max(max)',
  min: 'min(min)',
  sum: 'sum(sum)',
  count: 'sum(count)::double precision',
  last: '(array_agg(last_value ORDER BY last_ts DESC, last_value DESC))[1]',
};

const EPOCH = `TIMESTAMPTZ '1970-01-01 00:00:00+00'`;

/**
 * One statement for `GET /api/public/metrics/query`. Series are the matching
 * `metric_series` rows, keyed by their labels or by `{group_by: value}`; `key_rank`
 * numbers the keys in the order of their compact, key-sorted JSON (byte order), which
 * is the answer's series order. Buckets are `date_bin(step, ts, epoch)`. With a rollup
 * plan, whole rollup buckets come from the rollup table and only the edges that
 * `from`/`to` cut through come from raw points, both as partial aggregates combined per
 * bucket, so the answer equals the raw computation. The result is capped in SQL at
 * MAX_SERIES + 1 series and MAX_POINTS_PER_SERIES + 1 buckets (the extra one tells the
 * caller to set `truncated`). Every user value is a parameter; the only interpolations
 * are whitelisted fragments (aggregate expression, rollup table).
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
  const bucketsSql = input.rollup ? rollupBuckets(input.agg, input.rollup, params) : rawBuckets(input.agg);
  const sql = `
WITH series AS (
  SELECT
    s.id,
    CASE WHEN $4::text IS NULL THEN s.labels ELSE jsonb_build_object($4::text, s.labels -> $4::text) END AS labels
  FROM metric_series s
  WHERE s.project_id = $1
    AND s.name = $2
    AND s.labels @> $3::jsonb
),
series_keys AS (
  SELECT series.id, series.labels, dense_rank() OVER (ORDER BY sort_key.text COLLATE "C") AS key_rank
  FROM series
  CROSS JOIN LATERAL (
    SELECT '{' || coalesce(string_agg(to_jsonb(label.key)::text || ':' || label.value::text, ',' ORDER BY label.key COLLATE "C"), '') || '}' AS text
    FROM jsonb_each(series.labels) AS label
  ) AS sort_key
),${bucketsSql},
ranked AS (
  SELECT
    key_rank,
    bucket,
    value,
    dense_rank() OVER (ORDER BY key_rank) AS series_no,
    row_number() OVER (PARTITION BY key_rank ORDER BY bucket) AS point_no,
    max(bucket) OVER () AS latest_bucket
  FROM buckets
),
key_labels AS (
  SELECT DISTINCT ON (key_rank) key_rank, labels FROM series_keys ORDER BY key_rank
)
SELECT ranked.series_no, key_labels.labels, ranked.bucket, ranked.value, ranked.latest_bucket
FROM ranked
JOIN key_labels ON key_labels.key_rank = ranked.key_rank
WHERE ranked.series_no <= ${MAX_SERIES + 1}
  AND ranked.point_no <= ${MAX_POINTS_PER_SERIES + 1}
ORDER BY ranked.series_no, ranked.bucket`;
  return { sql, params };
}

function rawBuckets(agg: AggName): string {
  return `
points AS (
  SELECT k.key_rank, date_bin($5::interval, p.ts, ${EPOCH}) AS bucket, p.ts, p.value
  FROM metric_points p
  JOIN series_keys k ON k.id = p.series_id
  WHERE p.ts >= $6::timestamptz AND p.ts <= $7::timestamptz
),
buckets AS (
  SELECT key_rank, bucket, ${RAW_AGGS[agg]} AS value
  FROM points
  GROUP BY key_rank, bucket
)`;
}

function rollupBuckets(agg: AggName, plan: RollupPlan, params: unknown[]): string {
  const combined = COMBINED_AGGS[agg];
  if (!combined) throw new Error(`aggregation ${agg} cannot be read from rollups`);
  params.push(new Date(plan.startMs).toISOString(), new Date(plan.endMs).toISOString());
  const rawPart = (range: string) => `
  SELECT k.key_rank, date_bin($5::interval, p.ts, ${EPOCH}) AS bucket,
         1::bigint AS count, p.value AS sum, p.value AS min, p.value AS max, p.value AS last_value, p.ts AS last_ts
  FROM metric_points p
  JOIN series_keys k ON k.id = p.series_id
  WHERE ${range}`;
  return `
parts AS (${rawPart('p.ts >= $6::timestamptz AND p.ts < $8::timestamptz')}
  UNION ALL${rawPart('p.ts >= $9::timestamptz AND p.ts <= $7::timestamptz')}
  UNION ALL
  SELECT k.key_rank, date_bin($5::interval, r.bucket, ${EPOCH}) AS bucket,
         r.count, r.sum, r.min, r.max, r.last_value, r.last_ts
  FROM ${plan.rollup.table} r
  JOIN series_keys k ON k.id = r.series_id
  WHERE r.bucket >= $8::timestamptz AND r.bucket < $9::timestamptz
),
buckets AS (
  SELECT key_rank, bucket, ${combined} AS value
  FROM parts
  GROUP BY key_rank, bucket
)`;
}
