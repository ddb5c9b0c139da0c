import type { RollupRow } from '../rollup-aggregator.js';
import { BinaryCopyRows } from './binary-copy.js';

/**
 * Appends a flush's 5-minute partial aggregates to `metric_rollup_deltas` by COPY (fed by
 * `rollupDeltasCopyData`): a plain append, so concurrent ingest transactions never wait on
 * each other's rollup rows, and no array parameters to build and parse (profiled: building
 * eight array parameters for ~1,000 rows a flush cost the server ~13% of its CPU).
 * `metric_rollups_fold()` merges the deltas into the rollup tables later; queries read both.
 */
export const COPY_ROLLUP_DELTAS_SQL =
  'COPY metric_rollup_deltas (series_id, bucket, count, sum, min, max, last_value, last_ts) FROM STDIN (FORMAT binary)';

const DELTA_ROW_BYTES = BinaryCopyRows.rowBytes([4, 8, 8, 8, 8, 8, 8, 8]);

/** The rows as binary COPY data (see BinaryCopyRows). */
export function rollupDeltasCopyData(rows: RollupRow[]): Buffer[] {
  const copy = new BinaryCopyRows(rows.length, DELTA_ROW_BYTES);
  for (const row of rows) {
    copy
      .row(8)
      .int4(row.seriesId)
      .timestamptz(row.bucketMs)
      .int8(row.count)
      .float8(row.sum)
      .float8(row.min)
      .float8(row.max)
      .float8(row.lastValue)
      .timestamptz(row.lastTimestampMs);
  }
  return copy.copyData();
}

/** Moves every committed delta into the 5-minute and 1-hour rollups; returns how many. */
export const FOLD_ROLLUPS_SQL = 'SELECT metric_rollups_fold() AS folded';
