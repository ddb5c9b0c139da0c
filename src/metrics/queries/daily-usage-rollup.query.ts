import { USAGE_ENTRIES_SQL } from './daily-usage.query.js';

/** A time window whose traces' usage is added (+1) to or taken from (-1) the rollup's hours. */
export interface UsageWindow {
  /** Inclusive; ISO 8601 with microseconds. */
  from: string;
  /** Exclusive. */
  to: string;
  sign: 1 | -1;
}

/** How a range is read: the rollup's hours from `fromHour` to `toHour` except `rawHours`, and windows. */
export interface UsagePlan {
  fromHour: string;
  toHour: string;
  /** Edge hours read only through windows. */
  rawHours: string[];
  windows: UsageWindow[];
}

const HOUR_MS = 60 * 60 * 1000;

/** An instant as ISO 8601; `plusMicrosecond` turns an inclusive millisecond end into an exclusive one. */
function isoOf(ms: number, plusMicrosecond = false): string {
  const iso = new Date(ms).toISOString();
  return plusMicrosecond ? `${iso.slice(0, -1)}001Z` : iso;
}

/** Length of [from, to) up to `nowMs`: traces are rarely in the future. */
function pastLength(from: number, to: number, nowMs: number): number {
  return Math.max(0, Math.min(to, nowMs) - from);
}

/**
 * Plans a range [fromMs, toMs] (both inclusive, like the trace timestamps the endpoint
 * filters on; timestamps have microseconds, so the range leaves out the rest of its last
 * millisecond). Whole hours come from the rollup. An edge hour the range covers in part is
 * either the rollup's hour minus the traces outside the range, or the traces inside the
 * range read directly, whichever window holds less time up to now: the share of the hour's
 * traces each has to read, when traces arrive evenly and none is in the future.
 */
export function planUsage(fromMs: number, toMs: number, nowMs: number): UsagePlan {
  const firstHour = Math.floor(fromMs / HOUR_MS) * HOUR_MS;
  const lastHour = Math.floor(toMs / HOUR_MS) * HOUR_MS;
  const plan: UsagePlan = { fromHour: isoOf(firstHour), toHour: isoOf(lastHour), rawHours: [], windows: [] };
  for (const hourStart of firstHour === lastHour ? [firstHour] : [firstHour, lastHour]) {
    const hourEnd = hourStart + HOUR_MS;
    const startsInside = fromMs > hourStart;
    const endsInside = hourStart === lastHour;
    if (!startsInside && !endsInside) continue;
    const coveredFrom = Math.max(fromMs, hourStart);
    const coveredTo = endsInside ? toMs : hourEnd;
    const inside = pastLength(coveredFrom, coveredTo, nowMs);
    const outside =
      (startsInside ? pastLength(hourStart, fromMs, nowMs) : 0) + (endsInside ? pastLength(toMs, hourEnd, nowMs) : 0);
    if (inside < outside) {
      plan.rawHours.push(isoOf(hourStart));
      plan.windows.push({ from: isoOf(coveredFrom), to: endsInside ? isoOf(toMs, true) : isoOf(hourEnd), sign: 1 });
      continue;
    }
    if (startsInside) plan.windows.push({ from: isoOf(hourStart), to: isoOf(fromMs), sign: -1 });
    if (endsInside) plan.windows.push({ from: isoOf(toMs, true), to: isoOf(hourEnd), sign: -1 });
  }
  return plan;
}

export interface DailyUsageRollupInput {
  projectId: string;
  fromMs: number;
  toMs: number;
  nowMs: number;
  limit: number;
  offset: number;
}

/**
 * `GET /api/public/metrics/daily` without trace filters, from the `usage_rollup` table
 * (migration 1795400000000): the same rows as `dailyUsageQuery`, reading traces and
 * observations only for the windows of the range's edge hours (`planUsage`).
 */
export function dailyUsageRollupQuery(input: DailyUsageRollupInput) {
  const plan = planUsage(input.fromMs, input.toMs, input.nowMs);
  const params = [
    input.projectId,
    plan.fromHour,
    plan.toHour,
    plan.rawHours,
    JSON.stringify(plan.windows),
    input.limit,
    input.offset,
  ];
  const sql = `
WITH usage AS (
  SELECT hour, model, count_traces, count_observations, input_usage, output_usage, total_usage, total_cost
  FROM usage_rollup
  WHERE project_id = $1 AND hour >= $2::timestamptz AND hour <= $3::timestamptz AND hour <> ALL($4::timestamptz[])
  UNION ALL
  SELECT u.hour, u.model, w.sign * u.count_traces, w.sign * u.count_observations, w.sign * u.input_usage,
         w.sign * u.output_usage, w.sign * u.total_usage, w.sign * u.total_cost
  FROM jsonb_to_recordset($5::jsonb) AS w("from" timestamptz, "to" timestamptz, sign int)
  CROSS JOIN LATERAL usage_rollup_window($1, w."from", w."to") AS u
),
per_model AS (
  SELECT (hour AT TIME ZONE 'UTC')::date AS day, model, sum(count_traces) AS count_traces, sum(count_observations) AS count_observations,
         sum(input_usage) AS input_usage, sum(output_usage) AS output_usage, sum(total_usage) AS total_usage,
         sum(total_cost)::double precision AS total_cost
  FROM usage
  GROUP BY 1, model
),
daily AS (
  SELECT day, count_traces, count_observations, total_cost FROM per_model WHERE model IS NULL AND count_traces > 0
),
page AS (
  SELECT * FROM daily ORDER BY day DESC LIMIT $6 OFFSET $7
),
usage_by_day AS (
  SELECT day, ${USAGE_ENTRIES_SQL} AS usage
  FROM per_model
  WHERE model IS NOT NULL AND count_observations > 0 AND day IN (SELECT day FROM page)
  GROUP BY day
)
SELECT
  (SELECT count(*) FROM daily) AS total_items,
  to_char(page.day, 'YYYY-MM-DD') AS day,
  page.count_traces,
  page.count_observations,
  page.total_cost,
  coalesce(usage_by_day.usage, '[]'::jsonb) AS usage
FROM (SELECT 1) AS always_one_row
LEFT JOIN page ON true
LEFT JOIN usage_by_day ON usage_by_day.day = page.day
ORDER BY page.day DESC`;
  return { sql, params };
}
