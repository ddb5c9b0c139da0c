import { bucketCount, bucketStart, planRollup, STEPS } from './metric-steps.js';

const at = (iso: string) => Date.parse(iso);

describe('bucket maths', () => {
  it('starts buckets on epoch multiples of the step, like date_bin with the epoch origin', () => {
    expect(bucketStart(at('2026-11-21T08:07:31.250Z'), STEPS['5m'])).toBe(at('2026-11-21T08:05:00Z'));
    expect(bucketStart(at('2026-11-21T08:05:00Z'), STEPS['5m'])).toBe(at('2026-11-21T08:05:00Z'));
    expect(bucketStart(at('2026-11-21T23:59:59.999Z'), STEPS['1d'])).toBe(at('2026-11-21T00:00:00Z'));
    // 1970-01-01 was a Thursday, so weekly buckets start on Thursdays.
    expect(new Date(bucketStart(at('2026-11-21T08:00:00Z'), STEPS['1w'])).getUTCDay()).toBe(4);
  });

  it('counts the buckets a window touches, both ends inclusive', () => {
    expect(bucketCount(at('2026-11-21T08:00:00Z'), at('2026-11-21T09:00:00Z'), STEPS['1m'])).toBe(61);
    expect(bucketCount(at('2026-11-21T08:00:00Z'), at('2026-11-21T08:59:59Z'), STEPS['1m'])).toBe(60);
    expect(bucketCount(at('2026-11-21T08:00:30Z'), at('2026-11-21T08:00:31Z'), STEPS['1h'])).toBe(1);
  });
});

describe('planRollup', () => {
  const kept = at('2025-01-01T00:00:00Z');

  it('reads whole 1-hour rollup buckets for steps that are whole hours', () => {
    expect(planRollup('avg', STEPS['1d'], at('2026-11-20T10:30:00Z'), at('2026-11-21T08:15:00Z'), kept)).toEqual({
      rollup: expect.objectContaining({ table: 'metric_rollups_1h' }),
      startMs: at('2026-11-20T11:00:00Z'),
      endMs: at('2026-11-21T08:00:00Z'),
    });
  });

  it('reads 5-minute rollups for 5m, 15m and 30m steps, and none for 10s, 30s and 1m', () => {
    for (const step of ['5m', '15m', '30m'] as const) {
      expect(planRollup('sum', STEPS[step], at('2026-11-21T08:00:00Z'), at('2026-11-21T09:00:00Z'), kept)?.rollup.table).toBe('metric_rollups_5m');
    }
    for (const step of ['10s', '30s', '1m'] as const) {
      expect(planRollup('sum', STEPS[step], at('2026-11-21T08:00:00Z'), at('2026-11-21T09:00:00Z'), kept)).toBeUndefined();
    }
  });

  it('never plans rollups for percentiles', () => {
    for (const agg of ['p50', 'p90', 'p95', 'p99'] as const) {
      expect(planRollup(agg, STEPS['1h'], at('2026-11-20T00:00:00Z'), at('2026-11-21T00:00:00Z'), kept)).toBeUndefined();
    }
  });

  it('leaves a bucket that ends exactly at `to` to rollups and the point at `to` to raw points', () => {
    const plan = planRollup('count', STEPS['1h'], at('2026-11-21T08:00:00Z'), at('2026-11-21T10:00:00Z'), kept)!;
    expect([plan.startMs, plan.endMs]).toEqual([at('2026-11-21T08:00:00Z'), at('2026-11-21T10:00:00Z')]);
  });

  it('plans nothing when no whole rollup bucket fits the window', () => {
    expect(planRollup('max', STEPS['1h'], at('2026-11-21T08:00:01Z'), at('2026-11-21T09:00:00Z'), kept)).toBeUndefined();
  });

  it('does not read rollups older than rollup retention keeps', () => {
    const plan = planRollup('last', STEPS['1h'], at('2024-12-30T00:00:00Z'), at('2025-01-03T00:00:00Z'), kept + 1)!;
    expect([plan.startMs, plan.endMs]).toEqual([at('2025-01-01T01:00:00Z'), at('2025-01-03T00:00:00Z')]);
  });
});
