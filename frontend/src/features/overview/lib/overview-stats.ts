import type { DailyMetric } from '@/types/api';

export interface OverviewTotals {
  traces: number;
  observations: number;
  cost: number;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
}

export interface DayRow {
  date: string;
  traces: number;
  cost: number;
}

export interface ModelRow {
  model: string;
  inputTokens: number;
  outputTokens: number;
  totalTokens: number;
  cost: number;
  generations: number;
}

/**
 * A day's cost: the sum of its traces' costs, or, when the server reports none (traces whose
 * cost is only known on their generations), the sum of its generations' costs.
 */
export function dayCost(day: DailyMetric): number {
  if (day.totalCost > 0) return day.totalCost;
  return day.usage.reduce((sum, usage) => sum + usage.totalCost, 0);
}

/** Adds up the per-day usage rows of `/metrics/daily` into range totals. */
export function totalsOf(days: readonly DailyMetric[]): OverviewTotals {
  const totals: OverviewTotals = { traces: 0, observations: 0, cost: 0, inputTokens: 0, outputTokens: 0, totalTokens: 0 };
  for (const day of days) {
    totals.traces += day.countTraces;
    totals.observations += day.countObservations;
    totals.cost += dayCost(day);
    for (const usage of day.usage) {
      totals.inputTokens += usage.inputUsage;
      totals.outputTokens += usage.outputUsage;
      totals.totalTokens += usage.totalUsage;
    }
  }
  return totals;
}

/** One row per UTC day from `from` to `to`, oldest first; days without traces are zero rather than missing. */
export function perDay(days: readonly DailyMetric[], from: Date, to: Date): DayRow[] {
  const byDate = new Map(days.map((day) => [day.date, day]));
  const rows: DayRow[] = [];
  const cursor = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate()));
  // Bounded: a range is at most a few hundred days.
  for (let guard = 0; cursor.getTime() <= to.getTime() && guard < 1000; guard++) {
    const date = cursor.toISOString().slice(0, 10);
    const day = byDate.get(date);
    rows.push({ date, traces: day?.countTraces ?? 0, cost: day ? dayCost(day) : 0 });
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
  return rows;
}

/** Tokens and cost per model over the range, most expensive first. */
export function byModel(days: readonly DailyMetric[]): ModelRow[] {
  const models = new Map<string, ModelRow>();
  for (const day of days) {
    for (const usage of day.usage) {
      const row = models.get(usage.model) ?? {
        model: usage.model,
        inputTokens: 0,
        outputTokens: 0,
        totalTokens: 0,
        cost: 0,
        generations: 0,
      };
      row.inputTokens += usage.inputUsage;
      row.outputTokens += usage.outputUsage;
      row.totalTokens += usage.totalUsage;
      row.cost += usage.totalCost;
      row.generations += usage.countObservations;
      models.set(usage.model, row);
    }
  }
  return [...models.values()].sort((a, b) => b.cost - a.cost || b.totalTokens - a.totalTokens);
}

/** Continuous percentile with linear interpolation (PostgreSQL's `percentile_cont`); `p` in 0..1. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = p * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export interface LatencyRow {
  date: string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  count: number;
}

/** Trace latency percentiles (seconds) per UTC day; traces without a latency are left out. */
export function latencyPerDay(traces: ReadonlyArray<{ timestamp: string; latency: number | null }>, days: readonly string[]): LatencyRow[] {
  const byDate = new Map<string, number[]>(days.map((date) => [date, []]));
  for (const trace of traces) {
    if (trace.latency === null || trace.latency < 0) continue;
    const date = trace.timestamp.slice(0, 10);
    const bucket = byDate.get(date);
    if (bucket) bucket.push(trace.latency);
  }
  return [...byDate.entries()].map(([date, values]) => ({
    date,
    p50: percentile(values, 0.5),
    p95: percentile(values, 0.95),
    p99: percentile(values, 0.99),
    count: values.length,
  }));
}

/** Distinct non-empty user ids. */
export function distinctUsers(traces: ReadonlyArray<{ userId: string | null }>): number {
  return new Set(traces.map((trace) => trace.userId).filter((id): id is string => !!id)).size;
}
