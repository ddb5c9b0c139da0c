import type { ResolvedPoint } from '../rollup-aggregator.js';

/** Multi-row insert of narrow points (the fallback path; COPY is the measured default). */
export function insertPointsQuery(points: ResolvedPoint[]) {
  return {
    sql: `
INSERT INTO metric_points (series_id, ts, value)
SELECT * FROM unnest($1::integer[], $2::timestamptz[], $3::double precision[])`,
    params: [
      points.map((point) => point.seriesId),
      points.map((point) => new Date(point.timestampMs).toISOString()),
      points.map((point) => point.value),
    ],
  };
}

/** COPY statement for the same rows, fed by `copyPointsText`. */
export const COPY_POINTS_SQL = 'COPY metric_points (series_id, ts, value) FROM STDIN';

/**
 * Rows of `COPY ... FROM STDIN` text format, in chunks of about 64 KiB. Points of one
 * scrape share their timestamp, so each distinct one is formatted once.
 */
export function* copyPointsText(points: ResolvedPoint[]): Generator<string> {
  let chunk = '';
  let lastMs = Number.NaN;
  let lastText = '';
  for (const point of points) {
    if (point.timestampMs !== lastMs) {
      lastMs = point.timestampMs;
      // Numbers and ISO timestamps never contain tabs, newlines or backslashes: no escaping needed.
      lastText = `\t${new Date(lastMs).toISOString()}\t`;
    }
    chunk += point.seriesId + lastText + point.value + '\n';
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
