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
 * database gets one upsert row per touched bucket instead of one per point. Rows come
 * back sorted by (series, bucket): concurrent writers then lock rollup rows in one order.
 */
export function aggregateRollups(points: ResolvedPoint[], widthMs: number): RollupRow[] {
  const rows = new Map<string, RollupRow>();
  for (const point of points) {
    const bucketMs = Math.floor(point.timestampMs / widthMs) * widthMs;
    const key = `${point.seriesId}:${bucketMs}`;
    const row = rows.get(key);
    if (!row) {
      rows.set(key, {
        seriesId: point.seriesId,
        bucketMs,
        count: 1,
        sum: point.value,
        min: point.value,
        max: point.value,
        lastValue: point.value,
        lastTimestampMs: point.timestampMs,
      });
      continue;
    }
    row.count += 1;
    row.sum += point.value;
    row.min = Math.min(row.min, point.value);
    row.max = Math.max(row.max, point.value);
    if (isLater(point.timestampMs, point.value, row.lastTimestampMs, row.lastValue)) {
      row.lastTimestampMs = point.timestampMs;
      row.lastValue = point.value;
    }
  }
  return [...rows.values()].sort((a, b) => a.seriesId - b.seriesId || a.bucketMs - b.bucketMs);
}

/**
 * `last` is the value with the greatest timestamp; among points with the same
 * timestamp the greatest value wins, so rollups, raw SQL and merges all agree.
 */
export function isLater(timestampMs: number, value: number, thanTimestampMs: number, thanValue: number): boolean {
  return timestampMs > thanTimestampMs || (timestampMs === thanTimestampMs && value > thanValue);
}
