import type { RollupRow } from '../rollup-aggregator.js';

/**
 * Appends a flush's 5-minute partial aggregates to `metric_rollup_deltas` by COPY (fed by
 * `rollupDeltasCopyText`): a plain append, so concurrent ingest transactions never wait on
 * each other's rollup rows, and no array parameters to build and parse (profiled: building
 * eight array parameters for ~1,000 rows a flush cost the server ~13% of its CPU).
 * `metric_rollups_fold()` merges the deltas into the rollup tables later; queries read both.
 */
export const COPY_ROLLUP_DELTAS_SQL =
  'COPY metric_rollup_deltas (series_id, bucket, count, sum, min, max, last_value, last_ts) FROM STDIN';

/** Rows of `COPY ... FROM STDIN` text format (numbers and ISO timestamps need no escaping). */
export function rollupDeltasCopyText(rows: RollupRow[]): string {
  const iso = new Map<number, string>();
  const text = (epochMs: number) => {
    let formatted = iso.get(epochMs);
    if (formatted === undefined) iso.set(epochMs, (formatted = new Date(epochMs).toISOString()));
    return formatted;
  };
  let copy = '';
  for (const row of rows) {
    copy += `${row.seriesId}\t${text(row.bucketMs)}\t${row.count}\t${row.sum}\t${row.min}\t${row.max}\t${row.lastValue}\t${text(row.lastTimestampMs)}\n`;
  }
  return copy;
}

/** Moves every committed delta into the 5-minute and 1-hour rollups; returns how many. */
export const FOLD_ROLLUPS_SQL = 'SELECT metric_rollups_fold() AS folded';
