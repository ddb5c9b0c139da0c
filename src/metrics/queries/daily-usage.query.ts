import { effectiveTotalCostSql } from '../../traces/trace-metrics.sql.js';

export interface DailyUsageInput {
  projectId: string;
  fromMs: number;
  toMs: number;
  traceName?: string;
  userId?: string;
  /** All of these tags. */
  tags?: string[];
  version?: string;
  release?: string;
  limit: number;
  offset: number;
}

/** Optional trace filters: public name → SQL condition on `traces t` and its parameter cast. */
const TRACE_FILTERS = {
  traceName: 't.name = $?::text',
  userId: 't.user_id = $?::text',
  tags: 't.tags @> $?::text[]',
  version: 't.version = $?::text',
  release: 't.release = $?::text',
} as const;

/**
 * A day's `usage` array (API.md §2.8), aggregated over rows of model, input_usage,
 * output_usage, total_usage, count_traces, count_observations and total_cost.
 */
export const USAGE_ENTRIES_SQL = `jsonb_agg(jsonb_build_object(
    'model', model,
    'inputUsage', input_usage,
    'outputUsage', output_usage,
    'totalUsage', total_usage,
    'countTraces', count_traces,
    'countObservations', count_observations,
    'totalCost', total_cost
  ) ORDER BY total_cost DESC, model)`;

/**
 * `GET /api/public/metrics/daily` (API.md §2.8) in one statement: per UTC day of
 * `traces.timestamp`, the trace count and cost, the observation count and per-model
 * usage of GENERATION observations. Days are paged first (newest first); observations
 * are read only for the days of the page. Always returns at least one row so the total
 * day count comes back even for a page past the end (then `day` is null).
 * Reads `traces` and `observations`: the documented read-only exception of the metrics module.
 */
export function dailyUsageQuery(input: DailyUsageInput) {
  const params: unknown[] = [input.projectId, new Date(input.fromMs).toISOString(), new Date(input.toMs).toISOString()];
  const conditions: string[] = [];
  for (const [filter, condition] of Object.entries(TRACE_FILTERS) as [keyof typeof TRACE_FILTERS, string][]) {
    const value = input[filter];
    if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    params.push(value);
    conditions.push(`AND ${condition.replace('$?', `$${params.length}`)}`);
  }
  params.push(input.limit, input.offset);
  const limitParam = `$${params.length - 1}`;
  const offsetParam = `$${params.length}`;
  const sql = `
WITH filtered_traces AS (
  SELECT t.id, (t.timestamp AT TIME ZONE 'UTC')::date AS day, ${effectiveTotalCostSql('t')} AS total_cost
  FROM traces t
  WHERE t.project_id = $1
    AND t.timestamp >= $2::timestamptz
    AND t.timestamp <= $3::timestamptz
    ${conditions.join('\n    ')}
),
daily AS (
  SELECT day, count(*) AS count_traces, coalesce(sum(total_cost), 0)::double precision AS total_cost
  FROM filtered_traces
  GROUP BY day
),
page AS (
  SELECT * FROM daily ORDER BY day DESC LIMIT ${limitParam} OFFSET ${offsetParam}
),
page_observations AS (
  SELECT ft.day, ft.id AS trace_id, o.type, coalesce(o.model, 'unknown') AS model,
         o.prompt_tokens, o.completion_tokens, o.total_tokens, o.calculated_total_cost
  FROM filtered_traces ft
  JOIN observations o ON o.project_id = $1 AND o.trace_id = ft.id
  WHERE ft.day IN (SELECT day FROM page)
),
observation_counts AS (
  SELECT day, count(*) AS count_observations FROM page_observations GROUP BY day
),
model_usage AS (
  SELECT
    day,
    model,
    coalesce(sum(prompt_tokens), 0) AS input_usage,
    coalesce(sum(completion_tokens), 0) AS output_usage,
    coalesce(sum(total_tokens), 0) AS total_usage,
    count(DISTINCT trace_id) AS count_traces,
    count(*) AS count_observations,
    coalesce(sum(calculated_total_cost), 0)::double precision AS total_cost
  FROM page_observations
  WHERE type = 'GENERATION'
  GROUP BY day, model
),
usage_by_day AS (
  SELECT day, ${USAGE_ENTRIES_SQL} AS usage
  FROM model_usage
  GROUP BY day
)
SELECT
  (SELECT count(*) FROM daily) AS total_items,
  to_char(page.day, 'YYYY-MM-DD') AS day,
  page.count_traces,
  coalesce(observation_counts.count_observations, 0) AS count_observations,
  page.total_cost,
  coalesce(usage_by_day.usage, '[]'::jsonb) AS usage
FROM (SELECT 1) AS always_one_row
LEFT JOIN page ON true
LEFT JOIN observation_counts ON observation_counts.day = page.day
LEFT JOIN usage_by_day ON usage_by_day.day = page.day
ORDER BY page.day DESC`;
  return { sql, params };
}
