/** A point whose series id is known. */
export interface ResolvedPoint {
  seriesId: number;
  timestampMs: number;
  value: number;
}

/** One rollup bucket of one series: what `metric_rollups_*` stores. */
export interface RollupRow {
  seriesId: number;
  bucketMs: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  lastValue: number;
  lastTimestampMs: number;
}

/**
 * Folds the points of one flush into rollup rows (one per series and bucket), so the
 * database gets one row per touched bucket instead of one per point. Rows come back
 * sorted by (series, bucket). Keyed by bucket, then series id (numbers, no key string
 * per point): the points of one scrape share their bucket.
 */
export function aggregateRollups(points: ResolvedPoint[], widthMs: number): RollupRow[] {
  const byBucket = new Map<number, Map<number, RollupRow>>();
  const out: RollupRow[] = [];
  for (const point of points) {
    const bucketMs = Math.floor(point.timestampMs / widthMs) * widthMs;
    let rows = byBucket.get(bucketMs);
    if (!rows) byBucket.set(bucketMs, (rows = new Map()));
    const row = rows.get(point.seriesId);
    if (!row) {
      const created = {
        seriesId: point.seriesId,
        bucketMs,
        count: 1,
        sum: point.value,
        min: point.value,
        max: point.value,
        lastValue: point.value,
        lastTimestampMs: point.timestampMs,
      };
      rows.set(point.seriesId, created);
      out.push(created);
      continue;
    }
    row.count += 1;
    row.sum += point.value;
    if (point.value < row.min) row.min = point.value;
    if (point.value > row.max) row.max = point.value;
    if (isLater(point.timestampMs, point.value, row.lastTimestampMs, row.lastValue)) {
      row.lastTimestampMs = point.timestampMs;
      row.lastValue = point.value;
    }
  }
  return out.sort((a, b) => a.seriesId - b.seriesId || a.bucketMs - b.bucketMs);
}

/**
 * `last` is the value with the greatest timestamp; among points with the same
 * timestamp the greatest value wins, so rollups, raw SQL and merges all agree.
 */
export function isLater(timestampMs: number, value: number, thanTimestampMs: number, thanValue: number): boolean {
  return timestampMs > thanTimestampMs || (timestampMs === thanTimestampMs && value > thanValue);
}
