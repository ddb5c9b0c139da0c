import { describe, expect, it } from 'vitest';
import { isStale, pivotSeries, seriesLabel, suggestStep } from './series';

describe('pivotSeries', () => {
  it('aligns series on bucket time and leaves gaps as null', () => {
    const chart = pivotSeries([
      {
        labels: { region: 'eu' },
        values: [
          { timestamp: '2026-11-21T10:00:00Z', value: 1 },
          { timestamp: '2026-11-21T10:01:00Z', value: 2 },
        ],
      },
      { labels: { region: 'us' }, values: [{ timestamp: '2026-11-21T10:01:00Z', value: 5 }] },
    ]);
    expect(chart.series).toEqual([
      { key: 's0', label: 'region=eu' },
      { key: 's1', label: 'region=us' },
    ]);
    expect(chart.rows).toEqual([
      { t: Date.parse('2026-11-21T10:00:00Z'), s0: 1, s1: null },
      { t: Date.parse('2026-11-21T10:01:00Z'), s0: 2, s1: 5 },
    ]);
  });

  it('names series by sorted labels, a missing group-by value and a fallback', () => {
    expect(seriesLabel({ b: '2', a: '1' })).toBe('a=1, b=2');
    expect(seriesLabel({ gpu: null })).toBe('gpu=∅');
    expect(seriesLabel({}, 'gpu_util')).toBe('gpu_util');
  });
});

describe('isStale', () => {
  const now = Date.parse('2026-11-21T12:00:00Z');
  it('is stale when the newest bucket is well behind now', () => {
    expect(isStale('2026-11-21T11:59:00Z', '1m', now)).toBe(false);
    expect(isStale('2026-11-21T11:50:00Z', '1m', now)).toBe(true);
    expect(isStale('2026-11-21T10:00:00Z', '1h', now)).toBe(false);
    expect(isStale('2026-11-21T08:00:00Z', '1h', now)).toBe(true);
  });

  it('is not stale without data', () => {
    expect(isStale(undefined, '1m', now)).toBe(false);
  });
});

describe('suggestStep', () => {
  it('keeps windows under about 300 points', () => {
    expect(suggestStep(60 * 60 * 1000)).toBe('30s');
    expect(suggestStep(24 * 60 * 60 * 1000)).toBe('5m');
    expect(suggestStep(30 * 24 * 60 * 60 * 1000)).toBe('6h');
  });
});
