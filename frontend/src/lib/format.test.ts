import { describe, expect, it } from 'vitest';
import { formatAgo, formatCost, formatCount, formatDateTime, formatDurationMs, formatMetricValue, formatSeconds } from './format';

describe('formatDurationMs', () => {
  it('picks a unit that keeps the number short', () => {
    expect(formatDurationMs(0)).toBe('0ms');
    expect(formatDurationMs(0.4)).toBe('<1ms');
    expect(formatDurationMs(850.4)).toBe('850ms');
    expect(formatDurationMs(1250)).toBe('1.25s');
    expect(formatDurationMs(12_345)).toBe('12.3s');
    expect(formatDurationMs(125_000)).toBe('2m 05s');
    expect(formatDurationMs(3_720_000)).toBe('1h 02m');
  });

  it('shows a dash for missing values and keeps the sign of negatives', () => {
    expect(formatDurationMs(null)).toBe('–');
    expect(formatDurationMs(Number.NaN)).toBe('–');
    expect(formatDurationMs(-1500)).toBe('-1.50s');
  });

  it('reads the API latency in seconds', () => {
    expect(formatSeconds(0.42)).toBe('420ms');
    expect(formatSeconds(-1)).toBe('–');
  });
});

describe('formatCost', () => {
  it('keeps significant digits of sub-cent costs', () => {
    expect(formatCost(0)).toBe('$0.00');
    expect(formatCost(0.000123)).toBe('$0.000123');
    expect(formatCost(0.0105)).toBe('$0.0105');
    expect(formatCost(0.5)).toBe('$0.50');
    expect(formatCost(1234.567)).toBe('$1,234.57');
    expect(formatCost(0.0000001)).toBe('<$0.000001');
    expect(formatCost(undefined)).toBe('–');
  });
});

describe('formatCount and formatMetricValue', () => {
  it('groups thousands and compacts large numbers on request', () => {
    expect(formatCount(1234)).toBe('1,234');
    expect(formatCount(1_234_567, { compact: true })).toBe('1.2M');
    expect(formatCount(999, { compact: true })).toBe('999');
  });

  it('formats chart values briefly', () => {
    expect(formatMetricValue(42)).toBe('42');
    expect(formatMetricValue(3.14159)).toBe('3.14');
    expect(formatMetricValue(0.012345)).toBe('0.0123');
    expect(formatMetricValue(25_000)).toBe('25K');
  });
});

describe('formatDateTime and formatAgo', () => {
  it('renders ISO timestamps as sortable local text', () => {
    expect(formatDateTime('2026-11-21T08:06:42.146Z', { utc: true })).toBe('2026-11-21 08:06:42');
    expect(formatDateTime(null)).toBe('–');
    expect(formatDateTime('not a date')).toBe('not a date');
  });

  it('says how long ago', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    expect(formatAgo('2026-11-21T11:59:50Z', now)).toBe('just now');
    expect(formatAgo('2026-11-21T11:55:00Z', now)).toBe('5m ago');
    expect(formatAgo('2026-11-21T09:00:00Z', now)).toBe('3h ago');
    expect(formatAgo('2026-11-19T12:00:00Z', now)).toBe('2d ago');
  });
});
