import type { ResolvedPoint } from '../rollup-aggregator.js';
import { BinaryCopyRows } from './binary-copy.js';

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

/** COPY statement for the same rows, fed by `copyPointsData`. */
export const COPY_POINTS_SQL = 'COPY metric_points (series_id, ts, value) FROM STDIN (FORMAT binary)';

const POINT_ROW_BYTES = BinaryCopyRows.rowBytes([4, 8, 8]);

/** The points as binary COPY data (see BinaryCopyRows). */
export function copyPointsData(points: ResolvedPoint[]): Buffer[] {
  const rows = new BinaryCopyRows(points.length, POINT_ROW_BYTES);
  for (const point of points) rows.row(3).int4(point.seriesId).timestamptz(point.timestampMs).float8(point.value);
  return rows.copyData();
}
