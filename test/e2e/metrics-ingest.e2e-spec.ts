import pg from 'pg';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';
import { FOLD_LOCK_SQL, FOLD_UNLOCK_SQL, foldRollupDeltas, pendingDeltas } from '../support/metric-rollups.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('POST /v1/metrics/batch', () => {
  let app: TestApp;
  let db: pg.Client;
  beforeAll(async () => {
    app = await createTestApp();
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  const post = (metrics: unknown) => app.request('/v1/metrics/batch', { method: 'POST', body: { metrics } });
  const storedPoints = async (name: string) => {
    const { rows } = await db.query(
      `SELECT s.project_id, s.environment, s.labels, p.ts, p.value
       FROM metric_points p JOIN metric_series s ON s.id = p.series_id
       WHERE s.project_id = $1 AND s.name = $2 ORDER BY p.ts, p.value`,
      [app.projectId, name],
    );
    return rows;
  };

  it('stores the points before answering, in the caller project and the default environment', async () => {
    const now = Date.now();
    const response = await post([
      { name: 'ingest_ok', labels: { node: 'n1' }, value: 1.5, timestamp: iso(now) },
      { name: 'ingest_ok', labels: { node: 'n1' }, value: 2.5, timestamp: iso(now) },
      { name: 'ingest_ok', value: -3, timestamp: new Date(now).toISOString().replace('Z', '+00:00') },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ message: 'Request Successful.' });
    const rows = await storedPoints('ingest_ok');
    expect(rows).toHaveLength(3);
    for (const row of rows) expect([row.project_id, row.environment]).toEqual([app.projectId, 'default']);
    expect(rows.map((row) => row.value).sort()).toEqual([-3, 1.5, 2.5]);
  });

  it('stores times to the millisecond and values to the bit, before and after 2000-01-01, in points and rollup deltas', async () => {
    const points = [
      { value: 0.1 + 0.2, timestamp: '1970-01-02T00:00:00.001Z' },
      { value: -1.5e-300, timestamp: '1999-12-31T23:59:59.999Z' },
      { value: Number.MAX_VALUE, timestamp: iso(Date.now() - 123) },
    ];
    await db.query(FOLD_LOCK_SQL);
    try {
      expect((await post(points.map((point) => ({ name: 'ingest_exact', ...point })))).status).toBe(200);
      const stored = await storedPoints('ingest_exact');
      expect(stored.map((row) => [row.ts.toISOString(), row.value])).toEqual(points.map((point) => [point.timestamp, point.value]));
      const { rows } = await db.query(
        `SELECT d.bucket, d.count::int, d.sum, d.min, d.max, d.last_value, d.last_ts FROM metric_rollup_deltas d
         JOIN metric_series s ON s.id = d.series_id WHERE s.project_id = $1 AND s.name = 'ingest_exact' ORDER BY d.bucket`,
        [app.projectId],
      );
      expect(rows.map((row) => [row.count, row.sum, row.min, row.max, row.last_value, row.last_ts.toISOString()])).toEqual(
        points.map((point) => [1, point.value, point.value, point.value, point.value, point.timestamp]),
      );
      expect(rows[1].bucket.toISOString()).toBe('1999-12-31T23:55:00.000Z');
    } finally {
      await db.query(FOLD_UNLOCK_SQL);
    }
  });

  it('refuses a batch with bad points with 400 naming every bad index, and writes none of it', async () => {
    const now = Date.now();
    const good = { name: 'ingest_mixed', value: 1, timestamp: iso(now) };
    const response = await post([
      good,
      { ...good, name: '' },
      { ...good, name: 'x'.repeat(201) },
      { ...good, labels: { gpu: 0 } },
      { ...good, labels: { nested: { a: 'b' } } },
      { ...good, labels: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])) },
      { ...good, value: 'NaN' },
      { ...good, value: null },
      { ...good, timestamp: 'yesterday' },
      { ...good, timestamp: '2026-02-30T00:00:00Z' },
      { ...good, timestamp: 1700000000 },
      good,
    ]);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('BAD_REQUEST');
    expect(Object.keys(response.body.details).sort()).toEqual(
      [
        'metrics.1.name',
        'metrics.2.name',
        'metrics.3.labels',
        'metrics.4.labels',
        'metrics.5.labels',
        'metrics.6.value',
        'metrics.7.value',
        'metrics.8.timestamp',
        'metrics.9.timestamp',
        'metrics.10.timestamp',
      ].sort(),
    );
    expect(await storedPoints('ingest_mixed')).toHaveLength(0);
  });

  it('takes 10,000 points a request and refuses 10,001', async () => {
    const now = Date.now();
    const points = Array.from({ length: 10_001 }, (_, i) => ({ name: 'ingest_big', labels: { i: String(i % 100) }, value: i, timestamp: iso(now - i) }));
    const tooMany = await post(points);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(/at most 10000/);
    expect(await storedPoints('ingest_big')).toHaveLength(0);
    const ok = await post(points.slice(0, 10_000));
    expect(ok.status).toBe(200);
    expect(await storedPoints('ingest_big')).toHaveLength(10_000);
  });

  it('refuses a body without metrics and a non-JSON body with 400, and other content types with 415', async () => {
    expect((await app.request('/v1/metrics/batch', { method: 'POST', body: {} })).status).toBe(400);
    expect((await app.request('/v1/metrics/batch', { method: 'POST', body: { metrics: 'x' } })).status).toBe(400);
    expect((await app.request('/v1/metrics/batch', { method: 'POST', body: '{"metrics":[' })).status).toBe(400);
    const plain = await app.request('/v1/metrics/batch', { method: 'POST', body: '{"metrics":[]}', headers: { 'content-type': 'text/plain' } });
    expect(plain.status).toBe(415);
  });

  it('never rejects a point a year old or a day ahead, and creates their partitions even when requests race', async () => {
    const now = Date.now();
    // Days no other test uses, sent by concurrent requests that all need the same new partitions.
    const days = [now - 400 * DAY, now - 365 * DAY, now + DAY];
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, request) =>
        post(days.map((day, i) => ({ name: 'ingest_far', labels: { request: String(request) }, value: i, timestamp: iso(day) }))),
      ),
    );
    expect(responses.map((response) => response.status)).toEqual(Array(8).fill(200));
    expect(await storedPoints('ingest_far')).toHaveLength(24);
    const { rows } = await db.query(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'metric_points'::regclass AND c.relname = ANY($1)`,
      [days.map((day) => `metric_points_${iso(day).slice(0, 10).replaceAll('-', '')}`)],
    );
    expect(rows).toHaveLength(3);
  });

  it('lets concurrent creators of the same partition all succeed (several writers or instances)', async () => {
    const day = iso(Date.now() - 500 * DAY).slice(0, 10);
    const clients = await Promise.all(
      Array.from({ length: 6 }, async () => {
        const client = new pg.Client({ connectionString: app.databaseUrl });
        await client.connect();
        return client;
      }),
    );
    try {
      const created = await Promise.all(
        clients.map((client) => client.query('SELECT metric_points_ensure_partitions(ARRAY[$1::date]) AS created', [day])),
      );
      expect(created.map((result) => result.rows[0].created).sort()).toEqual([0, 0, 0, 0, 0, 1]);
    } finally {
      await Promise.all(clients.map((client) => client.end()));
    }
    const response = await post([{ name: 'ingest_race', value: 1, timestamp: `${day}T12:00:00Z` }]);
    expect(response.status).toBe(200);
  });

  it('refuses points more than a week in the future', async () => {
    const response = await post([{ name: 'ingest_future', value: 1, timestamp: iso(Date.now() + 8 * DAY) }]);
    expect(response.status).toBe(400);
    expect(response.body.details).toHaveProperty(['metrics.0.timestamp']);
  });

  it('keeps partitions for the next days ready', async () => {
    const tomorrow = `metric_points_${iso(Date.now() + DAY).slice(0, 10).replaceAll('-', '')}`;
    const { rows } = await db.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [tomorrow]);
    expect(rows[0].present).toBe(true);
  });

  it('commits rollup deltas with the points, counts them in queries at once, and folds them into the rollups', async () => {
    const base = Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000;
    const hourQuery = (agg: string) =>
      app.request(`/api/public/metrics/query?name=ingest_rollup&from=${iso(base)}&to=${iso(base + 2 * 3_600_000)}&step=1h&agg=${agg}`);
    const firstHour = async (agg: string) => (await hourQuery(agg)).body.data[0].values[0];
    // Hold the fold lock: the deltas stay unfolded while the answers are checked.
    await db.query(FOLD_LOCK_SQL);
    try {
      await post([0, 1, 2, 3].map((i) => ({ name: 'ingest_rollup', value: i + 1, timestamp: iso(base + i * 100_000) })));
      await post([{ name: 'ingest_rollup', value: 10, timestamp: iso(base + 50_000) }]);
      expect(await pendingDeltas(db, app.projectId, 'ingest_rollup')).toBe(3); // 2 five-minute buckets, then 1
      // The whole first hour is read from rollups + deltas (no rollup row exists yet): the raw answer.
      expect(await firstHour('sum')).toEqual({ timestamp: iso(base), value: 20 });
      expect(await firstHour('count')).toEqual({ timestamp: iso(base), value: 5 });
      expect(await firstHour('last')).toEqual({ timestamp: iso(base), value: 4 });
    } finally {
      await db.query(FOLD_UNLOCK_SQL);
    }
    await foldRollupDeltas(db, app.projectId);
    expect(await firstHour('sum')).toEqual({ timestamp: iso(base), value: 20 });
    expect(await firstHour('max')).toEqual({ timestamp: iso(base), value: 10 });
    const { rows } = await db.query(
      `SELECT '5m' AS width, r.bucket, r.count::int, r.sum, r.min, r.max, r.last_value, r.last_ts FROM metric_rollups_5m r JOIN metric_series s ON s.id = r.series_id WHERE s.project_id = $1 AND s.name = 'ingest_rollup'
       UNION ALL
       SELECT '1h', r.bucket, r.count::int, r.sum, r.min, r.max, r.last_value, r.last_ts FROM metric_rollups_1h r JOIN metric_series s ON s.id = r.series_id WHERE s.project_id = $1 AND s.name = 'ingest_rollup'
       ORDER BY 1, 2`,
      [app.projectId],
    );
    expect(rows.map((row) => [row.width, row.bucket.toISOString(), row.count, row.sum, row.min, row.max, row.last_value, row.last_ts.toISOString()])).toEqual([
      ['1h', iso(base), 5, 20, 1, 10, 4, iso(base + 300_000)],
      ['5m', iso(base), 4, 16, 1, 10, 3, iso(base + 200_000)],
      ['5m', iso(base + 300_000), 1, 4, 4, 4, 4, iso(base + 300_000)],
    ]);
  }, 120_000);
});
