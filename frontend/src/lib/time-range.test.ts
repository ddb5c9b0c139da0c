import { describe, expect, it } from 'vitest';
import { presetRange, rangeFromParams, stableNow } from './time-range';

const now = Date.parse('2026-11-21T12:00:00Z');

describe('rangeFromParams', () => {
  it('reads a preset', () => {
    const range = rangeFromParams(new URLSearchParams('range=1h'), '24h', now);
    expect(range.preset).toBe('1h');
    expect(range.from.toISOString()).toBe('2026-11-21T11:00:00.000Z');
    expect(range.to.toISOString()).toBe('2026-11-21T12:00:00.000Z');
  });

  it('reads explicit bounds and falls back on bad ones', () => {
    const custom = rangeFromParams(new URLSearchParams('from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z'), '24h', now);
    expect([custom.from.toISOString(), custom.to.toISOString(), custom.preset]).toEqual([
      '2026-11-01T00:00:00.000Z',
      '2026-11-02T00:00:00.000Z',
      undefined,
    ]);
    expect(rangeFromParams(new URLSearchParams('from=nonsense'), '7d', now)).toEqual({ ...presetRange('7d', now), preset: '7d' });
    expect(rangeFromParams(new URLSearchParams('from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z'), '1h', now).preset).toBe('1h');
  });

  it('keeps now stable within its granularity', () => {
    expect(stableNow(30_000, now + 1000)).toBe(stableNow(30_000, now + 29_000));
  });
});
