import type { Rollup } from '../metric-steps.js';

/**
 * Deletes the project's rollup buckets that ended at or before the cutoff. Rollups are small
 * (one row per series and bucket), so a range DELETE is fine here; raw points are only ever
 * dropped by whole partitions. Scoped by project like every other query: an instance's
 * retention is not another project's.
 */
export function deleteRollupsQuery(rollup: Rollup, projectId: string, cutoff: Date) {
  return {
    sql: `DELETE FROM ${rollup.table} r USING metric_series s
WHERE s.id = r.series_id AND s.project_id = $3 AND r.bucket <= $1::timestamptz - $2::interval`,
    params: [cutoff.toISOString(), `${rollup.widthMs / 1000} seconds`, projectId],
  };
}
