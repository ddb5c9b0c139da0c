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

/** Rows of `COPY ... FROM STDIN` text format, in chunks of about 64 KiB. */
export function* copyPointsText(points: ResolvedPoint[]): Generator<string> {
  let chunk = '';
  for (const point of points) {
    // Numbers and ISO timestamps never contain tabs, newlines or backslashes: no escaping needed.
    chunk += `${point.seriesId}\t${new Date(point.timestampMs).toISOString()}\t${point.value}\n`;
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}
