import pg from 'pg';
import { createTestApp, type TestApp, testDatabaseUrl } from '../setup/create-test-app.js';
import { foldRollupDeltas } from '../support/metric-rollups.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();
const partitionOf = (ms: number) => `metric_points_${iso(ms).slice(0, 10).replaceAll('-', '')}`;

const POINT_RETENTION_DAYS = 30;
const ROLLUP_RETENTION_DAYS = 90;

/**
 * Retention is global (every project's partitions and rollups) and every test app runs it at
 * start, so this test works in a database of its own: no other app deletes its old rollups,
 * and its retention drops no other test's partitions. The apps migrate it when they start.
 */
const ownDatabaseUrl = (() => {
  const url = new URL(testDatabaseUrl());
  url.pathname = '/xtrace_retention_test';
  return url.toString();
})();

async function onServer(sql: string): Promise<void> {
  const admin = new URL(testDatabaseUrl());
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('metric retention', () => {
  const now = Date.now();
  const hourStart = (ms: number) => Math.floor(ms / HOUR) * HOUR;
  const droppedDay = hourStart(now - (POINT_RETENTION_DAYS + 1) * DAY); // its day ends before the cutoff
  const keptDay = hourStart(now - POINT_RETENTION_DAYS * DAY + HOUR); // its day ends after the cutoff
  const rollupGone = hourStart(now - (ROLLUP_RETENTION_DAYS + 10) * DAY);
  let writer: TestApp;
  let retaining: TestApp;
  let db: pg.Client;

  const countPoints = async (fromMs: number, toMs: number) => {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM metric_points p JOIN metric_series s ON s.id = p.series_id
       WHERE s.project_id = $1 AND p.ts >= $2 AND p.ts < $3`,
      [writer.projectId, iso(fromMs), iso(toMs)],
    );
    return rows[0].n;
  };
  const countRollups = async (table: string, bucketMs: number) => {
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM ${table} r JOIN metric_series s ON s.id = r.series_id
       WHERE s.project_id = $1 AND r.bucket >= $2 AND r.bucket < $3`,
      [writer.projectId, iso(bucketMs), iso(bucketMs + HOUR)],
    );
    return rows[0].n;
  };

  beforeAll(async () => {
    await onServer('DROP DATABASE IF EXISTS xtrace_retention_test WITH (FORCE)');
    await onServer('CREATE DATABASE xtrace_retention_test');
    // Written by an instance that keeps everything (rollups for 10 years), then a second
    // instance on the same project applies the short windows when it starts.
    const projectId = `test-retention-${now}`;
    writer = await createTestApp({ DATABASE_URL: ownDatabaseUrl, DEFAULT_PROJECT_ID: projectId, XTRACE_ROLLUP_RETENTION_DAYS: '3650' });
    db = new pg.Client({ connectionString: ownDatabaseUrl });
    await db.connect();
    const metrics = [droppedDay, keptDay, rollupGone].flatMap((hour) =>
      [0, 1, 2].map((i) => ({ name: 'retained', value: i + 1, timestamp: iso(hour + i * 60_000) })),
    );
    expect((await writer.request('/v1/metrics/batch', { method: 'POST', body: { metrics } })).status).toBe(200);
    expect(await countPoints(droppedDay, droppedDay + HOUR)).toBe(3);
    await foldRollupDeltas(db, projectId);
    expect(await countRollups('metric_rollups_1h', rollupGone)).toBe(1);
    retaining = await createTestApp({
      DATABASE_URL: ownDatabaseUrl,
      DEFAULT_PROJECT_ID: projectId,
      XTRACE_METRICS_RETENTION_DAYS: String(POINT_RETENTION_DAYS),
      XTRACE_ROLLUP_RETENTION_DAYS: String(ROLLUP_RETENTION_DAYS),
    });
  });
  afterAll(async () => {
    await db?.end();
    await retaining?.close();
    await writer?.close();
    await onServer('DROP DATABASE IF EXISTS xtrace_retention_test WITH (FORCE)');
  });

  it('drops whole point partitions older than the window and keeps the rest', async () => {
    const { rows } = await db.query(`SELECT to_regclass($1) AS dropped, to_regclass($2) AS kept`, [
      partitionOf(droppedDay),
      partitionOf(keptDay),
    ]);
    expect(rows[0]).toEqual({ dropped: null, kept: partitionOf(keptDay) });
    expect(await countPoints(droppedDay, droppedDay + HOUR)).toBe(0);
    expect(await countPoints(keptDay, keptDay + HOUR)).toBe(3);
  });

  it('keeps rollups past the point retention and deletes those older than theirs', async () => {
    expect(await countRollups('metric_rollups_1h', droppedDay)).toBe(1);
    expect(await countRollups('metric_rollups_5m', droppedDay)).toBe(1);
    expect(await countRollups('metric_rollups_1h', rollupGone)).toBe(0);
    expect(await countRollups('metric_rollups_5m', rollupGone)).toBe(0);
    expect(await countRollups('metric_rollups_1h', keptDay)).toBe(1);
  });

  it('still charts a dropped day from its rollups', async () => {
    const window = `from=${iso(droppedDay)}&to=${iso(droppedDay + HOUR)}&step=1h`;
    const avg = await retaining.request(`/api/public/metrics/query?name=retained&${window}&agg=avg`);
    expect(avg.body.data).toEqual([{ labels: {}, values: [{ timestamp: iso(droppedDay), value: 2 }] }]);
    const count = await retaining.request(`/api/public/metrics/query?name=retained&${window}&agg=count`);
    expect(count.body.data[0].values[0].value).toBe(3);
    // Percentiles need the raw points, which are gone.
    const p50 = await retaining.request(`/api/public/metrics/query?name=retained&${window}&agg=p50`);
    expect(p50.body.data).toEqual([]);
  });

  it('refuses points older than the point retention window instead of storing them for deletion', async () => {
    const response = await retaining.request('/v1/metrics/batch', {
      method: 'POST',
      body: { metrics: [{ name: 'retained', value: 1, timestamp: iso(now - (POINT_RETENTION_DAYS + 1) * DAY) }] },
    });
    expect(response.status).toBe(400);
    expect(response.body.details['metrics.0.timestamp'][0]).toMatch(/retention/);
  });
});
