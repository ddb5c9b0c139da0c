/**
 * An independent, in-memory computation of `GET /api/public/metrics/query` answers, for
 * comparing against the server: the test computes what every aggregation and step must
 * return from the points it sent.
 */
export interface SentPoint {
  name: string;
  labels?: Record<string, string>;
  value: number;
  timestamp: string;
}

export interface ReferenceQuery {
  name: string;
  fromMs: number;
  toMs: number;
  stepMs: number;
  agg: string;
  groupBy?: string;
  labels?: Record<string, string>;
}

export interface ReferenceSeries {
  labels: Record<string, string | null>;
  values: { timestamp: string; value: number }[];
}

export function compactSortedJson(labels: Record<string, string | null>): string {
  const keys = Object.keys(labels).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return `{${keys.map((key) => `${JSON.stringify(key)}:${JSON.stringify(labels[key])}`).join(',')}}`;
}

export function percentileCont(sortedValues: number[], fraction: number): number {
  const rank = fraction * (sortedValues.length - 1);
  const lower = Math.floor(rank);
  const upper = Math.ceil(rank);
  return sortedValues[lower] + (sortedValues[upper] - sortedValues[lower]) * (rank - lower);
}

function aggregate(agg: string, points: { timestampMs: number; value: number }[]): number {
  const values = points.map((point) => point.value);
  switch (agg) {
    case 'avg':
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case 'sum':
      return values.reduce((sum, value) => sum + value, 0);
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'count':
      return values.length;
    case 'last': {
      // Greatest timestamp; equal timestamps: greatest value.
      const last = points.reduce((best, point) =>
        point.timestampMs > best.timestampMs || (point.timestampMs === best.timestampMs && point.value > best.value)
          ? point
          : best,
      );
      return last.value;
    }
    default: {
      const fraction = Number(agg.slice(1)) / 100;
      return percentileCont([...values].sort((a, b) => a - b), fraction);
    }
  }
}

const parsedTimestamps = new WeakMap<SentPoint, number>();
function timestampOf(point: SentPoint): number {
  let timestampMs = parsedTimestamps.get(point);
  if (timestampMs === undefined) {
    timestampMs = Date.parse(point.timestamp);
    parsedTimestamps.set(point, timestampMs);
  }
  return timestampMs;
}

export function referenceQuery(sent: SentPoint[], query: ReferenceQuery): { data: ReferenceSeries[]; latestMs?: number; truncated: boolean } {
  const groups = new Map<string, { labels: Record<string, string | null>; buckets: Map<number, { timestampMs: number; value: number }[]> }>();
  let latestMs: number | undefined;
  for (const point of sent) {
    const labels = point.labels ?? {};
    const timestampMs = timestampOf(point);
    if (point.name !== query.name || timestampMs < query.fromMs || timestampMs > query.toMs) continue;
    if (query.labels && !Object.entries(query.labels).every(([key, value]) => labels[key] === value)) continue;
    const seriesLabels = query.groupBy === undefined ? labels : { [query.groupBy]: labels[query.groupBy] ?? null };
    const key = compactSortedJson(seriesLabels);
    const group = groups.get(key) ?? { labels: seriesLabels, buckets: new Map() };
    groups.set(key, group);
    const bucketMs = Math.floor(timestampMs / query.stepMs) * query.stepMs;
    const bucket = group.buckets.get(bucketMs) ?? [];
    group.buckets.set(bucketMs, bucket);
    bucket.push({ timestampMs, value: point.value });
    latestMs = latestMs === undefined ? bucketMs : Math.max(latestMs, bucketMs);
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  let truncated = ordered.length > 50;
  const data = ordered.slice(0, 50).map(([, group]) => {
    const buckets = [...group.buckets.entries()].sort(([a], [b]) => a - b);
    if (buckets.length > 1000) truncated = true;
    return {
      labels: group.labels,
      values: buckets.slice(0, 1000).map(([bucketMs, points]) => ({
        timestamp: new Date(bucketMs).toISOString(),
        value: aggregate(query.agg, points),
      })),
    };
  });
  return { data, latestMs, truncated };
}

/** Asserts two answers are equal up to floating-point rounding. */
export function expectSameSeries(actual: ReferenceSeries[], expected: ReferenceSeries[], context: string): void {
  const problems: string[] = [];
  if (actual.length !== expected.length) problems.push(`series count ${actual.length} != ${expected.length}`);
  expected.forEach((series, index) => {
    const other = actual[index];
    if (!other) return;
    if (compactSortedJson(other.labels) !== compactSortedJson(series.labels)) {
      problems.push(`series ${index} labels ${JSON.stringify(other.labels)} != ${JSON.stringify(series.labels)}`);
      return;
    }
    if (other.values.length !== series.values.length) {
      problems.push(`series ${index} has ${other.values.length} buckets, expected ${series.values.length}`);
      return;
    }
    series.values.forEach((point, pointIndex) => {
      const got = other.values[pointIndex];
      const close = Math.abs(got.value - point.value) <= 1e-9 * Math.max(1, Math.abs(point.value));
      if (got.timestamp !== point.timestamp || !close) {
        problems.push(`series ${index} bucket ${pointIndex}: ${got.timestamp}=${got.value}, expected ${point.timestamp}=${point.value}`);
      }
    });
  });
  if (problems.length > 0) throw new Error(`${context}: ${problems.slice(0, 5).join('; ')}`);
}
