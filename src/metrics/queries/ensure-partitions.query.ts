/** Creates the missing day partitions of `metric_points` (see the migration's function). */
export function ensurePartitionsQuery(days: string[]) {
  return {
    sql: `SELECT metric_points_ensure_partitions($1::date[]) AS created`,
    params: [days],
  };
}
