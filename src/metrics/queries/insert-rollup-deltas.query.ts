import type { RollupRow } from '../rollup-aggregator.js';

/**
 * Appends a flush's 5-minute partial aggregates to `metric_rollup_deltas`: a plain INSERT,
 * so concurrent ingest transactions never wait on each other's rollup rows.
 * `metric_rollups_fold()` merges them into the rollup tables later; queries read both.
 */
export function insertRollupDeltasQuery(rows: RollupRow[]) {
  return {
    sql: `
INSERT INTO metric_rollup_deltas (series_id, bucket, count, sum, min, max, last_value, last_ts)
SELECT * FROM unnest(
  $1::integer[], $2::timestamptz[], $3::bigint[], $4::double precision[],
  $5::double precision[], $6::double precision[], $7::double precision[], $8::timestamptz[]
)`,
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

/** Moves every committed delta into the 5-minute and 1-hour rollups; returns how many. */
export const FOLD_ROLLUPS_SQL = 'SELECT metric_rollups_fold() AS folded';
