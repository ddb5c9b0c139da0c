import type pg from 'pg';
import { rows, testPool } from '../factories/database.js';
import { postBatch, traceWithObservations } from '../factories/native-batch.js';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';

describe('native batch ingest with a full queue', () => {
  let app: TestApp;
  let pool: pg.Pool;
  beforeAll(async () => {
    // one row of queue and a one-second gathering window: the second request finds the queue full
    app = await createTestApp({ XTRACE_INGEST_QUEUE_MAX_ROWS: '1', XTRACE_INGEST_FLUSH_MS: '1000' });
    pool = testPool(app.databaseUrl);
  });
  afterAll(async () => {
    await pool?.end();
    await app?.close();
  });

  it('answers 503 with Retry-After, writes nothing of the refused request, and still commits the queued one', async () => {
    const queued = traceWithObservations(2);
    const refused = traceWithObservations(1);
    const first = postBatch(app, queued);
    // let the first request reach the writer before the second arrives
    await new Promise((done) => setTimeout(done, 300));
    const second = await postBatch(app, refused);

    expect(second.status).toBe(503);
    expect(second.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE', requestId: expect.any(String) });
    const retryAfter = Number(second.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);

    expect((await first).status).toBe(200);
    const stored = await rows(pool, `SELECT id FROM traces WHERE project_id = $1 AND id = ANY($2) ORDER BY id`, [
      app.projectId,
      [queued.trace.id, refused.trace.id],
    ]);
    expect(stored).toEqual([{ id: queued.trace.id }]);

    // once the queue has drained the refused request goes through on retry
    expect((await postBatch(app, refused)).status).toBe(200);
  });
});

describe('native batch ingest with a full queue, by bytes', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ XTRACE_INGEST_QUEUE_MAX_BYTES: '2048', XTRACE_INGEST_FLUSH_MS: '1000' });
  });
  afterAll(() => app?.close());

  it('counts request body bytes against the queue bound', async () => {
    const first = postBatch(app, traceWithObservations(1));
    await new Promise((done) => setTimeout(done, 300));
    // a few rows, but a body larger than what is left of the byte bound
    const large = traceWithObservations(1, { metadata: { padding: 'x'.repeat(4000) } });
    const refused = await postBatch(app, large);
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // a small body still fits beside the queued one
    expect((await postBatch(app, traceWithObservations(1))).status).toBe(200);
    expect((await first).status).toBe(200);
  });
});
