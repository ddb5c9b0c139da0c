/** Drops the day partitions of `metric_points` that ended at or before the cutoff (migration function). */
export function dropPartitionsBeforeQuery(cutoff: Date) {
  return {
    sql: `SELECT metric_points_drop_partitions_before($1::timestamptz) AS dropped`,
    params: [cutoff.toISOString()],
  };
}
