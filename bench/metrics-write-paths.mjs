// Measures the ways metric points can reach PostgreSQL, inside one transaction per batch
// as the ingest writer does: COPY vs multi-row insert (unnest), with and without the
// rollup deltas (folded into the rollups once at the end, inside the measured time). Usage: DATABASE_URL=... node bench/metrics-write-paths.mjs [points] [batch]
// Needs a migrated database (start xtrace once against it) and `npm run build`.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { COPY_POINTS_SQL, copyPointsData, insertPointsQuery } from '../dist/src/metrics/queries/insert-points.query.js';
import { COPY_ROLLUP_DELTAS_SQL, FOLD_ROLLUPS_SQL, rollupDeltasCopyData } from '../dist/src/metrics/queries/insert-rollup-deltas.query.js';
import { aggregateRollups } from '../dist/src/metrics/rollup-aggregator.js';
import { DELTA_WIDTH_MS } from '../dist/src/metrics/metric-steps.js';

const total = Number(process.argv[2] ?? 500_000);
const batch = Number(process.argv[3] ?? 5_000);
const SERIES = 200;
const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
await client.connect();

const { rows } = await client.query(
  `INSERT INTO metric_series (project_id, name, labels)
   SELECT 'bench-write', 'bench_metric', jsonb_build_object('i', i::text) FROM generate_series(1, ${SERIES}) i
   ON CONFLICT (project_id, environment, name, labels) DO UPDATE SET name = EXCLUDED.name RETURNING id`,
);
const seriesIds = rows.map((row) => row.id);
// Points every second per series ending now; one day of partitions.
const start = Date.now() - Math.ceil(total / SERIES) * 1000;
await client.query('SELECT metric_points_ensure_partitions(ARRAY[$1::date, $2::date, $3::date])', [
  new Date(start).toISOString().slice(0, 10),
  new Date(start + 86_400_000).toISOString().slice(0, 10),
  new Date().toISOString().slice(0, 10),
]);
const points = Array.from({ length: total }, (_, i) => ({
  seriesId: seriesIds[i % SERIES],
  timestampMs: start + Math.floor(i / SERIES) * 1000,
  value: Math.random() * 100,
}));

async function copy(chunk) {
  await pipeline(Readable.from(copyPointsData(chunk)), client.query(copyStreams.from(COPY_POINTS_SQL)));
}
async function insert(chunk) {
  const { sql, params } = insertPointsQuery(chunk);
  await client.query(sql, params);
}
async function rollups(chunk) {
  const data = rollupDeltasCopyData(aggregateRollups(chunk, DELTA_WIDTH_MS));
  await pipeline(Readable.from(data), client.query(copyStreams.from(COPY_ROLLUP_DELTAS_SQL)));
}

async function measure(label, write) {
  await client.query('TRUNCATE metric_points, metric_rollup_deltas, metric_rollups_5m, metric_rollups_1h');
  const begin = process.hrtime.bigint();
  for (let offset = 0; offset < points.length; offset += batch) {
    const chunk = points.slice(offset, offset + batch);
    await client.query('BEGIN');
    await write(chunk);
    await client.query('COMMIT');
  }
  await client.query(FOLD_ROLLUPS_SQL);
  const seconds = Number(process.hrtime.bigint() - begin) / 1e9;
  console.log(`${label.padEnd(28)} ${Math.round(total / seconds).toLocaleString('en').padStart(9)} points/s`);
}

console.log(`${total} points, ${SERIES} series, ${batch} points per transaction`);
for (let round = 0; round < 2; round++) {
  await measure('COPY only', copy);
  await measure('multi-row insert only', insert);
  await measure('COPY + rollups', async (chunk) => {
    await copy(chunk);
    await rollups(chunk);
  });
  await measure('multi-row insert + rollups', async (chunk) => {
    await insert(chunk);
    await rollups(chunk);
  });
}
await client.query('TRUNCATE metric_points, metric_rollup_deltas, metric_rollups_5m, metric_rollups_1h');
await client.end();
