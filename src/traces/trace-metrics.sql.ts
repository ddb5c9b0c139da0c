/**
 * What reads show as a trace's latency and total cost, as SQL over a traces alias. The
 * client's values win; otherwise they are derived from the trace's observations, so they
 * follow late observations and re-priced costs without any write-time bookkeeping.
 *
 * latency: seconds from the earliest observation start (the trace timestamp when no
 * observation has one) to the latest observation end (or start, for point events); 0
 * without observations. totalCost: sum of the observations' calculated total costs; 0
 * without any.
 */
export function effectiveLatencySql(alias: string): string {
  return `COALESCE(${alias}.latency, (
    SELECT GREATEST(0, EXTRACT(EPOCH FROM max(COALESCE(o.end_time, o.start_time)) - COALESCE(min(o.start_time), ${alias}.timestamp)))::float8
    FROM observations o
    WHERE o.project_id = ${alias}.project_id AND o.trace_id = ${alias}.id
  ), 0)`;
}

export function effectiveTotalCostSql(alias: string): string {
  return `COALESCE(${alias}.total_cost, (
    SELECT sum(o.calculated_total_cost)
    FROM observations o
    WHERE o.project_id = ${alias}.project_id AND o.trace_id = ${alias}.id
  ), 0)`;
}
