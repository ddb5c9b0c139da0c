import type { Rollup } from '../metric-steps.js';

/**
 * Deletes rollup buckets that ended at or before the cutoff. Rollups are small (one row
 * per series and bucket), so a range DELETE is fine here; raw points are only ever
 * dropped by whole partitions.
 */
export function deleteRollupsQuery(rollup: Rollup, cutoff: Date) {
  return {
    sql: `DELETE FROM ${rollup.table} WHERE bucket <= $1::timestamptz - $2::interval`,
    params: [cutoff.toISOString(), `${rollup.widthMs / 1000} seconds`],
  };
}
