import type { Rollup } from '../metric-steps.js';
import type { RollupRow } from '../rollup-aggregator.js';

/**
 * Merges pre-aggregated rollup rows into a rollup table: one row per touched bucket.
 * `last_value` follows the later `last_ts`; at equal times the greater value wins,
 * the same rule as the raw `last` aggregation.
 */
export function upsertRollupsQuery(table: Rollup['table'], rows: RollupRow[]) {
  return {
    sql: `
INSERT INTO ${table} AS r (series_id, bucket, count, sum, min, max, last_value, last_ts)
SELECT * FROM unnest(
  $1::integer[], $2::timestamptz[], $3::bigint[], $4::double precision[],
  $5::double precision[], $6::double precision[], $7::double precision[], $8::timestamptz[]
)
ON CONFLICT (series_id, bucket) DO UPDATE SET
  count = r.count + EXCLUDED.count,
  sum = r.sum + EXCLUDED.sum,
  min = LEAST(r.min, EXCLUDED.min),
  max = GREATEST(r.max, EXCLUDED.max),
  last_value = CASE
    WHEN (EXCLUDED.last_ts, EXCLUDED.last_value) > (r.last_ts, r.last_value) THEN EXCLUDED.last_value
    ELSE r.last_value
  END,
  last_ts = GREATEST(r.last_ts, EXCLUDED.last_ts)`,
    params: [
      rows.map((row) => row.seriesId),
      rows.map((row) => new Date(row.bucketMs).toISOString()),
      rows.map((row) => row.count),
      rows.map((row) => row.sum),
      rows.map((row) => row.min),
      rows.map((row) => row.max),
      rows.map((row) => row.lastValue),
      rows.map((row) => new Date(row.lastTimestampMs).toISOString()),
    ],
  };
}
