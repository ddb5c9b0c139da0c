import pg from 'pg';
import { loadFixture, replayHeaders } from '../../fixtures/fixtures.js';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';

const BASIC = `Basic ${Buffer.from('pk-lf-test:sk-lf-test').toString('base64')}`;
const KEYS = { XTRACE_PUBLIC_KEY: 'pk-lf-test', XTRACE_SECRET_KEY: 'sk-lf-test' };
const AT = '2026-11-21T08:06:42.146Z';

function ingest(app: TestApp, body: unknown, headers: Record<string, string> = {}) {
  return app.request('/api/public/ingestion', { method: 'POST', body, headers: { authorization: BASIC, ...headers } });
}

describe('POST /api/public/ingestion', () => {
  let app: TestApp;
  let db: pg.Client;
  beforeAll(async () => {
    app = await createTestApp({ ...KEYS, XTRACE_MAX_REQUEST_BODY_BYTES: String(64 * 1024) });
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  it('stores the captured v3 SDK batch (events out of causal order) and answers 207 after commit', async () => {
    const [captured] = loadFixture('langfuse-v3');
    const response = await ingest(app, captured.json, replayHeaders(captured));
    expect(response.status).toBe(207);
    expect(response.body.errors).toEqual([]);
    expect(response.body.successes).toHaveLength(12);
    expect(response.body.successes).toContainEqual({ id: '3e5e3e3d-3f1d-4e8c-b7c9-e1a48a475d77', status: 201 });

    // Read right after the answer: the data is committed.
    const trace = await app.request('/api/public/traces/d261a6a2-74cf-47da-999d-68e9771a5f83');
    expect(trace.status).toBe(200);
    expect(trace.body).toMatchObject({
      name: 'v3-trace',
      userId: 'user-1',
      sessionId: 'sess-1',
      release: 'r1',
      version: 'v1',
      tags: ['t1', 't2'],
      metadata: { k: 'v' },
      input: { q: 'hi' },
      output: { a: 'hello' },
      // The second trace-create (trace.update) carries a later timestamp; the first one is kept.
      timestamp: '2026-11-21T08:06:42.145Z',
    });
    const observations = Object.fromEntries(trace.body.observations.map((o: any) => [o.name, o]));
    expect(observations['v3-span']).toMatchObject({ type: 'SPAN', parentObservationId: null, output: { done: true }, metadata: { a: 1 } });
    expect(observations['v3-gen']).toMatchObject({
      type: 'GENERATION',
      parentObservationId: '4fd3829d-53d3-4090-8eab-8247a7615ca0',
      model: 'gpt-4o-mini',
      modelParameters: { temperature: 0.2, maxTokens: 100 },
      input: [{ role: 'user', content: 'hi' }],
      output: { role: 'assistant', content: 'hello' },
      promptTokens: 11,
      completionTokens: 7,
      totalTokens: 18,
      usageDetails: { input: 11, output: 7, total: 18, cache_read_input_tokens: 2 },
      costDetails: { input: 0.0011, output: 0.0014, total: 0.0025 },
      calculatedTotalCost: 0.0025,
      completionStartTime: '2026-11-21T08:06:42.145Z',
      endTime: '2026-11-21T08:06:42.145Z',
    });
    expect(observations['v3-gen-openai-usage']).toMatchObject({ promptTokens: 3, completionTokens: 4, totalTokens: 7 });
    expect(observations['v3-event']).toMatchObject({ type: 'EVENT', level: 'WARNING', statusMessage: 'careful' });
    const scores = Object.fromEntries(trace.body.scores.map((s: any) => [s.name, s]));
    expect(scores.quality).toMatchObject({ value: 0.9, dataType: 'NUMERIC', comment: 'good', source: 'API', observationId: null });
    expect(scores.correct).toMatchObject({
      value: 1,
      dataType: 'BOOLEAN',
      stringValue: 'True',
      observationId: '1efb8159-b0e2-4066-baaa-c23a42559322',
    });
    expect(scores.label).toMatchObject({ value: null, dataType: 'CATEGORICAL', stringValue: 'good' });
  });

  it('answers every event: bad ones in errors, the good ones stored', async () => {
    const response = await ingest(app, {
      batch: [
        { id: 'ok-trace', type: 'trace-create', timestamp: AT, body: { id: 'mixed-trace', name: 'mixed' } },
        { id: 'bad-level', type: 'span-create', timestamp: AT, body: { id: 'bad-span', traceId: 'mixed-trace', level: 'LOUD' } },
        { id: 'ok-span', type: 'span-create', timestamp: AT, body: { id: 'ok-span', traceId: 'mixed-trace' } },
        { id: 'no-name', type: 'score-create', timestamp: AT, body: { traceId: 'mixed-trace', value: 1 } },
        { id: 'log', type: 'sdk-log', timestamp: AT, body: { log: 'hi' } },
        { id: 'unknown', type: 'dataset-run-item-create', timestamp: AT, body: {} },
        'not an event',
      ],
    });
    expect(response.status).toBe(207);
    expect(response.body.successes.map((s: any) => s.id)).toEqual(['ok-trace', 'ok-span', 'log']);
    expect(response.body.errors.map((e: any) => [e.id, e.status])).toEqual([
      ['bad-level', 400],
      ['no-name', 400],
      ['unknown', 400],
      [null, 400],
    ]);
    const stored = await db.query('SELECT id FROM observations WHERE project_id = $1 AND trace_id = $2', [
      app.projectId,
      'mixed-trace',
    ]);
    expect(stored.rows).toEqual([{ id: 'ok-span' }]);
  });

  it('fails only the event carrying a string the database cannot store', async () => {
    const response = await ingest(app, {
      batch: [
        { id: 'fine', type: 'span-create', timestamp: AT, body: { id: 'fine-span', traceId: 'refuse-trace', input: 'ok' } },
        // PostgreSQL's jsonb cannot hold \u0000.
        { id: 'nul', type: 'span-create', timestamp: AT, body: { id: 'nul-span', traceId: 'refuse-trace', input: 'a\u0000b' } },
      ],
    });
    expect(response.status).toBe(207);
    expect(response.body.successes).toEqual([{ id: 'fine', status: 201 }]);
    expect(response.body.errors).toEqual([
      expect.objectContaining({ id: 'nul', status: 400, message: expect.stringMatching(/\$\.body\.input contains a NUL/) }),
    ]);
    const stored = await db.query('SELECT id FROM observations WHERE project_id = $1 AND trace_id = $2', [
      app.projectId,
      'refuse-trace',
    ]);
    expect(stored.rows).toEqual([{ id: 'fine-span' }]);
  });

  it('creates a placeholder trace for a score or observation whose trace was not sent', async () => {
    await ingest(app, {
      batch: [{ id: 'lonely', type: 'score-create', timestamp: AT, body: { id: 'lonely-score', traceId: 'later-trace', name: 'q', value: 2 } }],
    });
    const placeholder = await app.request('/api/public/traces/later-trace');
    expect(placeholder.status).toBe(200);
    expect(placeholder.body.scores).toHaveLength(1);
    await ingest(app, { batch: [{ id: 'late', type: 'trace-create', timestamp: AT, body: { id: 'later-trace', name: 'now named' } }] });
    const filled = await app.request('/api/public/traces/later-trace');
    expect(filled.body).toMatchObject({ name: 'now named', scores: [expect.objectContaining({ id: 'lonely-score', value: 2 })] });
  });

  it('answers whole-request errors with the envelope: 400, 401, 413, 415', async () => {
    const notBatch = await ingest(app, { events: [] });
    expect(notBatch.status).toBe(400);
    expect(notBatch.body).toMatchObject({ code: 'BAD_REQUEST' });
    const batchNotArray = await ingest(app, { batch: {} });
    expect(batchNotArray.status).toBe(400);
    const malformed = await ingest(app, '{"batch": [');
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'BAD_REQUEST' });
    expect((await ingest(app, { events: [], batch: [] })).body.details).toEqual({ events: ['property events should not exist'] });
    const event = `{"id":"p","type":"trace-create","timestamp":"${AT}","body":{"id":"p","metadata":{"__proto__":{"polluted":true}}}}`;
    const poisoned = await ingest(app, `{"batch":[${event}]}`);
    expect(poisoned.status).toBe(400);
    expect(poisoned.body).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/__proto__|prototype/i) });

    const wrongKey = await ingest(app, { batch: [] }, { authorization: `Basic ${Buffer.from('pk-lf-test:nope').toString('base64')}` });
    expect(wrongKey.status).toBe(401);
    expect(wrongKey.body).toMatchObject({ code: 'UNAUTHORIZED', message: 'Unauthorized' });

    const huge = await ingest(app, { batch: [{ id: 'x', type: 'trace-create', timestamp: AT, body: { id: 'x', input: 'y'.repeat(70_000) } }] });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });

    const text = await ingest(app, 'batch', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
  });

  it('takes the bearer token too, and answers an empty batch with both arrays', async () => {
    const response = await app.request('/api/public/ingestion', { method: 'POST', body: { batch: [] } });
    expect(response.status).toBe(207);
    expect(response.body).toEqual({ successes: [], errors: [] });
  });
});

describe('POST /api/public/ingestion under overload', () => {
  let app: TestApp;
  beforeAll(async () => {
    // A queue of one row that is flushed only after a second: the second request finds it full.
    app = await createTestApp({ ...KEYS, XTRACE_INGEST_QUEUE_MAX_ROWS: '1', XTRACE_INGEST_FLUSH_MS: '1000' });
  });
  afterAll(() => app.close());

  it('answers 503 with Retry-After instead of per-event errors, and keeps what it acknowledged', async () => {
    const batch = (id: string) => ({
      batch: [
        { id: `${id}-1`, type: 'trace-create', timestamp: AT, body: { id: `${id}-trace` } },
        { id: `${id}-2`, type: 'span-create', timestamp: AT, body: { id: `${id}-span`, traceId: `${id}-trace` } },
      ],
    });
    const [first, second] = await Promise.all([ingest(app, batch('first')), ingest(app, batch('second'))]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([207, 503]);
    const rejected = first.status === 503 ? first : second;
    expect(rejected.headers.get('retry-after')).toBe('1');
    expect(rejected.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    const accepted = first.status === 207 ? 'first' : 'second';
    expect((await app.request(`/api/public/traces/${accepted}-trace`)).status).toBe(200);
  });
});
