import type pg from 'pg';
import { testPool } from '../factories/database.js';
import { newId, postBatch } from '../factories/native-batch.js';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';

describe('GET /api/public/traces/:traceId', () => {
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

  const getTrace = (id: string, query = '') => app.request(`/api/public/traces/${encodeURIComponent(id)}${query}`);

  it('sorts observations by start time, unset last, then by creation', async () => {
    const traceId = newId();
    const ids = { third: newId(), first: newId(), unsetEarly: newId(), second: newId(), unsetLate: newId() };
    await postBatch(app, {
      observations: [
        { id: ids.third, traceId, startTime: '2026-06-01T00:00:03Z' },
        { id: ids.first, traceId, startTime: '2026-06-01T00:00:01Z' },
        { id: ids.unsetEarly, traceId },
        { id: ids.second, traceId, startTime: '2026-06-01T00:00:02Z' },
      ],
    });
    await postBatch(app, { observations: [{ id: ids.unsetLate, traceId }] });
    const response = await getTrace(traceId);
    expect(response.status).toBe(200);
    expect(response.body.observations.map((observation: { id: string }) => observation.id)).toEqual([
      ids.first,
      ids.second,
      ids.third,
      ids.unsetEarly,
      ids.unsetLate,
    ]);
    // an observation without a start time shows when it was stored
    expect(Date.parse(response.body.observations[3].startTime)).not.toBeNaN();
  });

  it('shows the trace scores as ScoreV1', async () => {
    const traceId = newId();
    const observationId = newId();
    await postBatch(app, { trace: { id: traceId }, observations: [{ id: observationId, traceId }] });
    const [numeric, boolean, categorical] = [newId(), newId(), newId()];
    await pool.query(
      `INSERT INTO scores (project_id, id, trace_id, observation_id, name, value, string_value, data_type, comment, metadata, timestamp)
       VALUES ($1, $2, $5, $6, 'accuracy', 0.8, NULL, 'NUMERIC', 'fine', '{"by":"judge"}', '2026-06-01T00:00:01Z'),
              ($1, $3, $5, NULL, 'helpful', 1, 'True', 'BOOLEAN', NULL, NULL, '2026-06-01T00:00:02Z'),
              ($1, $4, $5, NULL, 'tone', NULL, 'friendly', 'CATEGORICAL', NULL, NULL, '2026-06-01T00:00:03Z')`,
      [app.projectId, numeric, boolean, categorical, traceId, observationId],
    );
    const { scores } = (await getTrace(traceId)).body;
    expect(scores).toEqual([
      {
        id: numeric,
        traceId,
        name: 'accuracy',
        source: 'API',
        observationId,
        timestamp: '2026-06-01T00:00:01.000Z',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        authorUserId: null,
        comment: 'fine',
        metadata: { by: 'judge' },
        configId: null,
        queueId: null,
        environment: 'default',
        dataType: 'NUMERIC',
        value: 0.8,
      },
      expect.objectContaining({ id: boolean, dataType: 'BOOLEAN', value: 1, stringValue: 'True', metadata: null }),
      expect.objectContaining({ id: categorical, dataType: 'CATEGORICAL', value: null, stringValue: 'friendly' }),
    ]);
  });

  it('finds any string id, and accepts the fields parameter', async () => {
    for (const traceId of ['plain-id', '0af7651916cd43dd8448eb211c80319c', 'with space', 'ünïcødé/slash?', 'x'.repeat(300)]) {
      expect((await postBatch(app, { trace: { id: traceId, name: 'odd id' } })).status).toBe(200);
      const response = await getTrace(traceId, '?fields=core,io');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ id: traceId, name: 'odd id', input: null, observations: [], scores: [] });
    }
  });

  it('answers 404 with the envelope for an unknown id', async () => {
    const response = await getTrace(newId());
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ message: 'Not Found', code: 'NOT_FOUND', requestId: expect.any(String) });
  });

  it('keeps latency and cost the client sent over the derived ones', async () => {
    const traceId = newId();
    await postBatch(app, {
      trace: { id: traceId, latency: 42, totalCost: 7 },
      observations: [{ id: newId(), traceId, startTime: '2026-06-01T00:00:00Z', endTime: '2026-06-01T00:00:01Z', calculatedTotalCost: 1 }],
    });
    expect((await getTrace(traceId)).body).toMatchObject({ latency: 42, totalCost: 7 });
  });
});
