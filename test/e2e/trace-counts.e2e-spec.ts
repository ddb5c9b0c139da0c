import pg from 'pg';
import { rows, testPool } from '../factories/database.js';
import { newId, postBatch } from '../factories/native-batch.js';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';

/**
 * The unfiltered trace list's totalItems comes from per-project counts kept by triggers
 * (not from COUNT(*)): it must equal COUNT(*) after every kind of write and delete.
 */
describe('trace list totalItems', () => {
  let app: TestApp;
  let pool: pg.Pool;
  beforeAll(async () => {
    app = await createTestApp();
    pool = testPool(app.databaseUrl);
  });
  afterAll(async () => {
    await pool?.end();
    await app?.close();
  });

  const totalItems = async (projectApp = app) =>
    (await projectApp.request('/api/public/traces?limit=1&fields=core')).body.meta.totalItems as number;
  const counted = async (projectId = app.projectId) =>
    Number((await rows<{ n: string }>(pool, 'SELECT count(*) AS n FROM traces WHERE project_id = $1', [projectId]))[0].n);

  it('counts inserted traces and placeholders once, and forgets deleted ones', async () => {
    const [first, second, placeholder, scored] = [newId(), newId(), newId(), newId()];
    expect(await totalItems()).toBe(0);
    expect((await postBatch(app, { trace: { id: first } })).status).toBe(200);
    expect((await postBatch(app, { trace: { id: second } })).status).toBe(200);
    // writing a stored trace again is an update, not a new trace
    expect((await postBatch(app, { trace: { id: first, name: 'again' } })).status).toBe(200);
    expect(await totalItems()).toBe(2);
    // observations and scores of unknown traces create placeholder traces, which the list shows
    expect((await postBatch(app, { observations: [{ id: newId(), traceId: placeholder }, { id: newId(), traceId: first }] })).status).toBe(200);
    const score = { id: newId(), type: 'score-create', timestamp: new Date().toISOString(), body: { traceId: scored, name: 'quality', value: 1 } };
    expect((await app.request('/api/public/ingestion', { method: 'POST', body: { batch: [score] } })).status).toBe(207);
    expect(await totalItems()).toBe(4);
    expect(await counted()).toBe(4);

    expect((await app.request(`/api/public/traces/${first}`, { method: 'DELETE' })).status).toBe(200);
    const many = await app.request('/api/public/traces', { method: 'DELETE', body: { traceIds: [second, placeholder, newId()] } });
    expect(many.status).toBe(200);
    expect(await totalItems()).toBe(1);
    expect(await counted()).toBe(1);
  });

  it('stays exact under concurrent transactions writing overlapping traces, and keeps few count rows', async () => {
    const other = await createTestApp();
    const writersPool = new pg.Pool({ connectionString: app.databaseUrl, max: 4 });
    try {
      const shared = Array.from({ length: 10 }, () => newId());
      // 200 transactions on 4 connections at once, straight in SQL as bulk loads and other
      // writers would: each inserts two new traces and one of 10 shared ids (often stored
      // already, maybe by a transaction still running), or deletes a shared one.
      const writers = Array.from({ length: 4 }, async (_, writer) => {
        const client = await writersPool.connect();
        try {
          for (let round = 0; round < 50; round++) {
            const sharedId = shared[(writer * 7 + round * 3) % shared.length];
            await client.query('BEGIN');
            if (round % 10 === 9) {
              await client.query('DELETE FROM traces WHERE project_id = $1 AND id = $2', [other.projectId, sharedId]);
            } else {
              await client.query(
                `INSERT INTO traces (project_id, id, timestamp) SELECT $1, id, now() FROM unnest($2::text[]) AS id
                 ON CONFLICT (project_id, id) DO NOTHING`,
                [other.projectId, [sharedId, newId(), newId()]],
              );
            }
            await client.query('COMMIT');
          }
        } finally {
          client.release();
        }
      });
      await Promise.all(writers);
      expect(await totalItems(other)).toBe(await counted(other.projectId));
      expect(await totalItems(other)).toBeGreaterThan(360);
      // 180+ statements changed the count; folding keeps the rows a read sums few
      const [{ n }] = await rows<{ n: string }>(pool, 'SELECT count(*) AS n FROM trace_counts WHERE project_id = $1', [other.projectId]);
      expect(Number(n)).toBeLessThan(100);
      // the other project's writes did not touch this one's count
      expect(await totalItems()).toBe(await counted());
    } finally {
      await writersPool.end();
      await other.close();
    }
  });
});
