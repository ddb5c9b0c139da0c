import { aggregateRollups } from './rollup-aggregator.js';

describe('aggregateRollups', () => {
  it('folds points into one row per series and bucket, sorted, with last by timestamp then value', () => {
    const rows = aggregateRollups(
      [
        { seriesId: 2, timestampMs: 10_000, value: 5 },
        { seriesId: 1, timestampMs: 299_999, value: 1 },
        { seriesId: 1, timestampMs: 0, value: 7 },
        { seriesId: 1, timestampMs: 299_999, value: 3 },
        { seriesId: 1, timestampMs: 300_000, value: -2 },
        { seriesId: 1, timestampMs: 100, value: 4 },
      ],
      300_000,
    );
    expect(rows).toEqual([
      { seriesId: 1, bucketMs: 0, count: 4, sum: 15, min: 1, max: 7, lastValue: 3, lastTimestampMs: 299_999 },
      { seriesId: 1, bucketMs: 300_000, count: 1, sum: -2, min: -2, max: -2, lastValue: -2, lastTimestampMs: 300_000 },
      { seriesId: 2, bucketMs: 0, count: 1, sum: 5, min: 5, max: 5, lastValue: 5, lastTimestampMs: 10_000 },
    ]);
  });
});
