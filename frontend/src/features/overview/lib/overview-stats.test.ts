import { describe, expect, it } from 'vitest';
import type { DailyMetric } from '@/types/api';
import { byModel, dayCost, distinctUsers, latencyPerDay, perDay, percentile, totalsOf } from './overview-stats';

const usage = (model: string, input: number, output: number, cost: number) => ({
  model,
  inputUsage: input,
  outputUsage: output,
  totalUsage: input + output,
  countTraces: 1,
  countObservations: 1,
  totalCost: cost,
});

const days: DailyMetric[] = [
  { date: '2026-11-21', countTraces: 3, countObservations: 9, totalCost: 0.3, usage: [usage('gpt-4o', 100, 50, 0.25), usage('mini', 10, 5, 0.05)] },
  { date: '2026-11-19', countTraces: 1, countObservations: 2, totalCost: 0.1, usage: [usage('gpt-4o', 40, 10, 0.1)] },
];

describe('overview statistics', () => {
  it('totals traces, observations, cost and tokens over the range', () => {
    const totals = totalsOf(days);
    expect(totals).toMatchObject({ traces: 4, observations: 11, inputTokens: 150, outputTokens: 65, totalTokens: 215 });
    expect(totals.cost).toBeCloseTo(0.4);
  });

  it('falls back to generation costs when a day reports no trace cost', () => {
    const day = { date: '2026-11-20', countTraces: 1, countObservations: 1, totalCost: 0, usage: [usage('gpt-4o', 1, 1, 0.02), usage('mini', 1, 1, 0.01)] };
    expect(dayCost(day)).toBeCloseTo(0.03);
    expect(dayCost(days[0])).toBe(0.3);
  });

  it('fills days without traces with zeros, oldest first', () => {
    const rows = perDay(days, new Date('2026-11-19T05:00:00Z'), new Date('2026-11-21T23:00:00Z'));
    expect(rows.map((row) => [row.date, row.traces])).toEqual([
      ['2026-11-19', 1],
      ['2026-11-20', 0],
      ['2026-11-21', 3],
    ]);
  });

  it('groups usage by model, most expensive first', () => {
    expect(byModel(days).map((row) => [row.model, row.totalTokens, Number(row.cost.toFixed(2))])).toEqual([
      ['gpt-4o', 200, 0.35],
      ['mini', 15, 0.05],
    ]);
  });

  it('computes percentiles like percentile_cont', () => {
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10], 0.99)).toBe(10);
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([0, 100], 0.95)).toBeCloseTo(95);
  });

  it('computes latency percentiles per day and counts users', () => {
    const traces = [
      { timestamp: '2026-11-21T10:00:00Z', latency: 1, userId: 'a' },
      { timestamp: '2026-11-21T11:00:00Z', latency: 3, userId: 'b' },
      { timestamp: '2026-11-20T11:00:00Z', latency: null, userId: 'a' },
    ];
    expect(latencyPerDay(traces, ['2026-11-20', '2026-11-21'])).toEqual([
      { date: '2026-11-20', p50: null, p95: null, p99: null, count: 0 },
      { date: '2026-11-21', p50: 2, p95: 2.9, p99: 2.98, count: 2 },
    ]);
    expect(distinctUsers([...traces, { userId: null }])).toBe(2);
  });
});
