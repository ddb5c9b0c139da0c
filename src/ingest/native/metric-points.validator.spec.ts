import { validateMetricPoints } from './metric-points.validator.js';

const now = Date.UTC(2026, 10, 21);
const point = { name: 'gpu_utilization', labels: { node: 'n1' }, value: 0.5, timestamp: '2026-11-20T08:00:00Z' };

describe('validateMetricPoints', () => {
  it('maps valid points to rows', () => {
    const { points, errors } = validateMetricPoints([point, { ...point, labels: undefined }], now, 0);
    expect(errors).toEqual({});
    expect(points).toEqual([
      { name: 'gpu_utilization', labels: { node: 'n1' }, value: 0.5, timestampMs: Date.UTC(2026, 10, 20, 8) },
      { name: 'gpu_utilization', labels: {}, value: 0.5, timestampMs: Date.UTC(2026, 10, 20, 8) },
    ]);
  });

  it('names every bad point by index and field', () => {
    const { errors } = validateMetricPoints(
      [
        point,
        { ...point, name: 'x'.repeat(201) },
        { ...point, labels: { gpu: 1 } },
        { ...point, labels: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])) },
        { ...point, value: Infinity },
        { ...point, timestamp: '2026-11-20' },
        { ...point, extra: true },
        'not an object',
        { ...point, timestamp: '2026-12-01T00:00:00Z' },
        { ...point, labels: { 'a\u0000': 'b' } },
      ],
      now,
      0,
    );
    expect(Object.keys(errors)).toEqual([
      'metrics.1.name',
      'metrics.2.labels',
      'metrics.3.labels',
      'metrics.4.value',
      'metrics.5.timestamp',
      'metrics.6.extra',
      'metrics.7',
      'metrics.8.timestamp',
      'metrics.9.labels',
    ]);
    expect(errors['metrics.2.labels']).toEqual(['label "gpu" must have a string value']);
  });

  it('accepts 32 labels, a point a year old and a day ahead; refuses points before the retention window', () => {
    const labels = Object.fromEntries(Array.from({ length: 32 }, (_, i) => [`k${i}`, 'v']));
    const yearAgo = new Date(now - 365 * 86_400_000).toISOString();
    const dayAhead = new Date(now + 86_400_000).toISOString();
    expect(validateMetricPoints([{ ...point, labels }, { ...point, timestamp: yearAgo }, { ...point, timestamp: dayAhead }], now, 0).errors).toEqual({});
    expect(Object.keys(validateMetricPoints([{ ...point, timestamp: yearAgo }], now, now - 30 * 86_400_000).errors)).toEqual(['metrics.0.timestamp']);
  });
});
