import type pg from 'pg';
import { rows, testPool } from '../factories/database.js';
import { newId, postBatch, traceWithObservations } from '../factories/native-batch.js';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';

describe('native batch ingest (POST /v1/l/batch)', () => {
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

  const getTrace = (id: string) => app.request(`/api/public/traces/${encodeURIComponent(id)}`);
  const countRows = async (table: 'traces' | 'observations', ids: string[]) =>
    (await rows<{ n: number }>(pool, `SELECT count(*)::int AS n FROM ${table} WHERE id = ANY($1)`, [ids]))[0].n;

  it('stores every field and answers 200 only when a read sees it', async () => {
    const traceId = newId();
    const [generationId, spanId] = [newId(), newId()];
    const trace = {
      id: traceId,
      timestamp: '2026-02-01T10:00:00.000Z',
      name: 'chat-turn',
      input: { messages: [{ role: 'user', content: 'hi' }] },
      output: 'plain text output',
      session_id: 'session-1',
      release: 'r-1',
      version: 'v-1',
      userId: 'user-1',
      metadata: { region: 'eu', nested: { list: [1, 2, null] } },
      tags: ['alpha', 'beta'],
      public: true,
      environment: 'staging',
      externalId: 'ext-1',
      bookmarked: true,
      latency: 12.5,
      totalCost: 0.75,
      projectId: 'somebody-else',
    };
    const generation = {
      id: generationId,
      traceId,
      type: 'GENERATION',
      name: 'llm-call',
      startTime: '2026-02-01T10:00:01.000Z',
      endTime: '2026-02-01T10:00:03.000Z',
      completionStartTime: '2026-02-01T10:00:01.500Z',
      model: 'gpt-4o',
      modelParameters: { temperature: 0.2, max_tokens: 256 },
      input: [{ role: 'user', content: 'hi' }],
      output: { role: 'assistant', content: 'hello' },
      usage: { input: 11, output: 22, total: 33, unit: 'TOKENS' },
      level: 'WARNING',
      statusMessage: 'slow',
      parentObservationId: spanId,
      promptId: 'prompt-1',
      promptName: 'greeting',
      promptVersion: '7',
      modelId: 'model-1',
      inputPrice: 0.001,
      outputPrice: 0.002,
      totalPrice: 0.003,
      calculatedInputCost: 0.011,
      calculatedOutputCost: 0.044,
      calculatedTotalCost: 0.055,
      latency: 2.25,
      timeToFirstToken: 0.4,
      completionTokens: 20,
      promptTokens: 10,
      totalTokens: 30,
      unit: 'TOKENS',
      metadata: { attempt: 1 },
      environment: 'staging',
      projectId: 'somebody-else',
    };
    const span = { id: spanId, traceId, type: 'span', name: 'outer', startTime: '2026-02-01T10:00:00.500Z' };

    const response = await postBatch(app, { trace, observations: [generation, span] });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ message: 'Request Successful.' });

    const read = await getTrace(traceId);
    expect(read.status).toBe(200);
    const { observations, scores, ...traceView } = read.body;
    expect(traceView).toEqual({
      id: traceId,
      timestamp: trace.timestamp,
      name: trace.name,
      input: trace.input,
      output: trace.output,
      sessionId: 'session-1',
      release: trace.release,
      version: trace.version,
      userId: trace.userId,
      metadata: trace.metadata,
      tags: trace.tags,
      public: true,
      projectId: app.projectId,
      externalId: trace.externalId,
      bookmarked: true,
      environment: 'staging',
      htmlPath: `/project/${app.projectId}/traces/${traceId}`,
      latency: 12.5,
      totalCost: 0.75,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect(scores).toEqual([]);
    // sorted by start time: the span starts first
    expect(observations.map((observation: { id: string }) => observation.id)).toEqual([spanId, generationId]);
    expect(observations[1]).toEqual({
      id: generationId,
      traceId,
      type: 'GENERATION',
      name: 'llm-call',
      startTime: generation.startTime,
      endTime: generation.endTime,
      completionStartTime: generation.completionStartTime,
      model: 'gpt-4o',
      modelParameters: generation.modelParameters,
      input: generation.input,
      version: null,
      metadata: generation.metadata,
      output: generation.output,
      usage: { input: 10, output: 20, total: 30, unit: 'TOKENS', inputCost: 0.011, outputCost: 0.044, totalCost: 0.055 },
      level: 'WARNING',
      statusMessage: 'slow',
      parentObservationId: spanId,
      promptId: 'prompt-1',
      promptName: 'greeting',
      promptVersion: 7,
      modelId: 'model-1',
      inputPrice: 0.001,
      outputPrice: 0.002,
      totalPrice: 0.003,
      calculatedInputCost: 0.011,
      calculatedOutputCost: 0.044,
      calculatedTotalCost: 0.055,
      latency: 2.25,
      timeToFirstToken: 0.4,
      promptTokens: 10,
      completionTokens: 20,
      totalTokens: 30,
      usageDetails: { input: 10, output: 20, total: 30 },
      costDetails: { input: 0.011, output: 0.044, total: 0.055 },
      environment: 'staging',
    });
    expect(observations[0]).toMatchObject({ type: 'SPAN', level: 'DEFAULT', modelParameters: {}, totalTokens: 0 });

    // the body's projectId is ignored: the rows are in the caller's project, `usage` kept as sent
    const stored = await rows(pool, `SELECT project_id, usage, prompt_version FROM observations WHERE id = $1`, [generationId]);
    expect(stored).toEqual([{ project_id: app.projectId, usage: generation.usage, prompt_version: '7' }]);
    expect(await rows(pool, `SELECT project_id FROM traces WHERE id = $1`, [traceId])).toEqual([{ project_id: app.projectId }]);
  });

  it('accepts sessionId as well as session_id, and integer prompt versions', async () => {
    const batch = traceWithObservations(1, { sessionId: 'camel-session' });
    Object.assign(batch.observations[0], { promptVersion: 3 });
    expect((await postBatch(app, batch)).status).toBe(200);
    const read = await getTrace(batch.trace.id);
    expect(read.body.sessionId).toBe('camel-session');
    expect(read.body.observations[0].promptVersion).toBe(3);
  });

  it('derives token counts from usage, and latencies and costs from the observations', async () => {
    const traceId = newId();
    const observations = [
      {
        id: newId(),
        traceId,
        startTime: '2026-02-02T00:00:01Z',
        completionStartTime: '2026-02-02T00:00:01.250Z',
        endTime: '2026-02-02T00:00:02Z',
        usage: { promptTokens: 5, completionTokens: 6 },
        calculatedTotalCost: 0.5,
      },
      { id: newId(), traceId, type: 'EVENT', startTime: '2026-02-02T00:00:04Z', calculatedTotalCost: 0.25 },
    ];
    expect((await postBatch(app, { trace: { id: traceId, timestamp: '2026-02-02T00:00:00Z' }, observations })).status).toBe(200);
    const read = await getTrace(traceId);
    // earliest observation start (00:01) to the latest end, an event's start counting as its end (00:04)
    expect(read.body.latency).toBe(3);
    expect(read.body.totalCost).toBe(0.75);
    const [generation, event] = read.body.observations;
    expect(generation).toMatchObject({
      type: 'GENERATION',
      promptTokens: 5,
      completionTokens: 6,
      totalTokens: 11,
      latency: 1,
      timeToFirstToken: 0.25,
    });
    expect(event).toMatchObject({ type: 'EVENT', latency: null, timeToFirstToken: null });
  });

  describe('merging', () => {
    it('creates a placeholder for an observation that comes before its trace; the trace write completes it', async () => {
      const traceId = newId();
      const observation = (start: string) => ({ id: newId(), traceId, startTime: start, environment: 'prod' });

      expect((await postBatch(app, { observations: [observation('2026-04-01T00:00:05Z')] })).status).toBe(200);
      let read = await getTrace(traceId);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ timestamp: '2026-04-01T00:00:05.000Z', environment: 'prod', name: null, tags: [] });

      // a placeholder's timestamp follows the earliest observation start
      await postBatch(app, { observations: [observation('2026-04-01T00:00:02Z')] });
      expect((await getTrace(traceId)).body.timestamp).toBe('2026-04-01T00:00:02.000Z');

      // the trace's own timestamp wins over the placeholder's, even when later
      await postBatch(app, { trace: { id: traceId, name: 'late trace', timestamp: '2026-04-01T00:00:09Z' } });
      read = await getTrace(traceId);
      expect(read.body).toMatchObject({ name: 'late trace', timestamp: '2026-04-01T00:00:09.000Z', environment: 'prod' });

      // ...and later observations no longer move it
      await postBatch(app, { observations: [observation('2026-04-01T00:00:01Z')] });
      read = await getTrace(traceId);
      expect(read.body.timestamp).toBe('2026-04-01T00:00:09.000Z');
      expect(read.body.observations).toHaveLength(3);
      expect(await countRows('traces', [traceId])).toBe(1);
    });

    it('keeps the placeholder timestamp when the trace write has none', async () => {
      const traceId = newId();
      await postBatch(app, { observations: [{ id: newId(), traceId, startTime: '2026-04-02T00:00:00Z' }] });
      await postBatch(app, { trace: { id: traceId, name: 'no timestamp' } });
      expect((await getTrace(traceId)).body).toMatchObject({ name: 'no timestamp', timestamp: '2026-04-02T00:00:00.000Z' });
    });

    it('gives a new trace without a timestamp the time it was written', async () => {
      const before = Date.now();
      const traceId = newId();
      await postBatch(app, { trace: { id: traceId } });
      const timestamp = Date.parse((await getTrace(traceId)).body.timestamp);
      expect(timestamp).toBeGreaterThanOrEqual(before - 1000);
      expect(timestamp).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it('a partial trace update sets what it carries and keeps the rest; tags change only when sent', async () => {
      const traceId = newId();
      await postBatch(app, {
        trace: { id: traceId, name: 'first', userId: 'u', tags: ['a', 'b'], metadata: { k: 1 }, public: true, environment: 'prod' },
      });
      await postBatch(app, { trace: { id: traceId, name: 'second', userId: null, release: 'r2' } });
      let read = await getTrace(traceId);
      expect(read.body).toMatchObject({
        name: 'second',
        userId: 'u',
        release: 'r2',
        tags: ['a', 'b'],
        metadata: { k: 1 },
        public: true,
        environment: 'prod',
      });

      await postBatch(app, { trace: { id: traceId, tags: [], public: false } });
      read = await getTrace(traceId);
      expect(read.body).toMatchObject({ name: 'second', tags: [], public: false });
    });

    it('a partial observation update keeps type, environment and everything else it does not carry', async () => {
      const traceId = newId();
      const observationId = newId();
      await postBatch(app, {
        observations: [
          { id: observationId, traceId, type: 'SPAN', name: 'step', environment: 'prod', startTime: '2026-04-03T00:00:00Z', input: { a: 1 } },
        ],
      });
      await postBatch(app, {
        observations: [{ id: observationId, traceId, endTime: '2026-04-03T00:00:02Z', output: { b: 2 }, level: 'ERROR' }],
      });
      const [observation] = (await getTrace(traceId)).body.observations;
      expect(observation).toMatchObject({
        type: 'SPAN',
        name: 'step',
        environment: 'prod',
        input: { a: 1 },
        output: { b: 2 },
        level: 'ERROR',
        latency: 2,
      });
    });

    it('merges repeated ids inside one request in order', async () => {
      const traceId = newId();
      const observationId = newId();
      const response = await postBatch(app, {
        trace: { id: traceId, name: 'once' },
        observations: [
          { id: observationId, traceId, name: 'first', model: 'm-1', startTime: '2026-04-04T00:00:00Z' },
          { id: observationId, traceId, name: 'second', endTime: '2026-04-04T00:00:01Z' },
          { id: observationId, traceId, level: 'DEBUG', name: null },
        ],
      });
      expect(response.status).toBe(200);
      const read = await getTrace(traceId);
      expect(read.body.observations).toHaveLength(1);
      expect(read.body.observations[0]).toMatchObject({ name: 'second', model: 'm-1', level: 'DEBUG', latency: 1 });
    });

    it('merges concurrent requests writing the same trace and observation', async () => {
      const traceId = newId();
      const sharedId = newId();
      const requests = Array.from({ length: 30 }, (_, index) =>
        postBatch(app, {
          // half the requests carry the name, the other half the user: the trace must end up with both
          trace: index % 2 === 0 ? { id: traceId, name: 'named' } : { id: traceId, userId: 'user-x' },
          observations: [
            { id: newId(), traceId, startTime: `2026-04-05T00:00:${String(index).padStart(2, '0')}Z` },
            index % 2 === 0 ? { id: sharedId, traceId, model: 'shared-model' } : { id: sharedId, traceId, statusMessage: 'shared' },
          ],
        }),
      );
      const statuses = (await Promise.all(requests)).map((response) => response.status);
      expect(statuses).toEqual(Array(30).fill(200));
      const read = await getTrace(traceId);
      expect(read.body).toMatchObject({ name: 'named', userId: 'user-x' });
      expect(read.body.observations).toHaveLength(31);
      expect(read.body.observations.find((o: { id: string }) => o.id === sharedId)).toMatchObject({
        model: 'shared-model',
        statusMessage: 'shared',
      });
      expect(await countRows('traces', [traceId])).toBe(1);
    });
  });

  describe('rejections', () => {
    const invalidObservations: [string, Record<string, unknown>][] = [
      ['a number id', { id: 5 }],
      ['a missing traceId', { traceId: undefined }],
      ['an unknown type', { type: 'THOUGHT' }],
      ['an unknown level', { level: 'LOUD' }],
      ['a date without offset', { startTime: '2026-01-01T00:00:00' }],
      ['an impossible date', { endTime: '2026-02-30T00:00:00Z' }],
      ['a fractional token count', { promptTokens: 1.5 }],
      ['a number too large to be finite', { latency: '1e400' }],
      ['a string cost', { calculatedTotalCost: '0.1' }],
      ['an unknown field', { colour: 'red' }],
    ];

    it.each(invalidObservations)('answers 400 naming the field for %s, and writes nothing of the request', async (_, change) => {
      const batch = traceWithObservations(2);
      Object.assign(batch.observations[1], change);
      const body =
        change.latency === '1e400'
          ? JSON.stringify(batch).replace('"latency":"1e400"', '"latency":1e400')
          : batch;
      const response = await postBatch(app, body);
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'BAD_REQUEST', details: expect.any(Object) });
      expect(Object.keys(response.body.details).every((path) => path.startsWith('observations.1'))).toBe(true);
      expect(await countRows('traces', [batch.trace.id])).toBe(0);
      expect(await countRows('observations', batch.observations.map((observation) => observation.id))).toBe(0);
    });

    it('answers 400 for malformed JSON and bodies of the wrong shape', async () => {
      for (const body of ['{"trace": {', '"text"', '[]', '{"trace": "x"}', '{"observations": {"id": "o"}}', '{"trace": {"id": ""}}']) {
        const response = await postBatch(app, body);
        expect([response.status, response.body?.code]).toEqual([400, 'BAD_REQUEST']);
      }
    });

    it('answers 415 to a body that is not JSON, and 401 without credentials', async () => {
      const batch = traceWithObservations(1);
      const text = await postBatch(app, JSON.stringify(batch), { 'content-type': 'text/plain' });
      expect([text.status, text.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      const anonymous = await app.request('/v1/l/batch', { method: 'POST', body: batch, anonymous: true });
      expect(anonymous.status).toBe(401);
      expect(await countRows('traces', [batch.trace.id])).toBe(0);
    });

    it('answers 400 to prototype-poisoning keys, in the envelope or inside free-form JSON', async () => {
      const text = JSON.stringify(traceWithObservations(1));
      const poisoned = [
        text.replace('"trace":{', '"trace":{"__proto__":{"polluted":true},'),
        text.replace('"trace":{', '"trace":{"constructor":{"prototype":{"polluted":true}},'),
        text.replace('"observations":[{', '"observations":[{"input":{"a":[{"__proto__":{"polluted":true}}]},'),
      ];
      for (const body of poisoned) {
        const response = await postBatch(app, body);
        expect([response.status, response.body.code]).toEqual([400, 'BAD_REQUEST']);
      }
    });

    it('refuses a "constructor" field of the envelope as unknown, and stores one inside free-form JSON as data', async () => {
      const unknown = await postBatch(app, { trace: { id: newId(), constructor: 'x' } });
      expect(unknown.status).toBe(400);
      expect(Object.keys(unknown.body.details)).toEqual(['trace.constructor']);
      const batch = traceWithObservations(0, { metadata: { constructor: 'kept as data' } });
      expect((await postBatch(app, batch)).status).toBe(200);
      expect((await getTrace(batch.trace.id)).body.metadata).toEqual({ constructor: 'kept as data' });
    });

    it('answers 400 to a string the database cannot store, and writes nothing of that request', async () => {
      const batch = traceWithObservations(2);
      Object.assign(batch.observations[1], { name: 'nul \u0000 inside' });
      const response = await postBatch(app, batch);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(/observations\[1\]\.name contains a NUL/);
      expect(await countRows('traces', [batch.trace.id])).toBe(0);
    });
  });
});

describe('native batch ingest under concurrency (group commit)', () => {
  let app: TestApp;
  let pool: pg.Pool;
  beforeAll(async () => {
    // a long gathering window puts all concurrent requests into the same transaction
    app = await createTestApp({ XTRACE_INGEST_FLUSH_MS: '300' });
    pool = testPool(app.databaseUrl);
  });
  afterAll(async () => {
    await pool?.end();
    await app?.close();
  });

  it('fails only the request with a poisoned row while 50 concurrent good requests succeed', async () => {
    const good = Array.from({ length: 50 }, () => traceWithObservations(3));
    const poisoned = traceWithObservations(3);
    // valid JSON and valid for the DTO, but PostgreSQL cannot store NUL in text or jsonb (refused on arrival)
    Object.assign(poisoned.observations[2], { metadata: { note: 'bad \u0000 byte' } });

    const batches = [...good.slice(0, 25), poisoned, ...good.slice(25)];
    const responses = await Promise.all(batches.map((batch) => postBatch(app, batch)));

    const poisonedResponse = responses[25];
    expect(poisonedResponse.status).toBe(400);
    expect(poisonedResponse.body).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/contains a NUL/) });
    const goodStatuses = responses.filter((_, index) => index !== 25).map((response) => response.status);
    expect(goodStatuses).toEqual(Array(50).fill(200));

    const goodTraceIds = good.map((batch) => batch.trace.id);
    const goodObservationIds = good.flatMap((batch) => batch.observations.map((observation) => observation.id));
    const [{ traces, observations }] = await rows<{ traces: number; observations: number }>(
      pool,
      `SELECT (SELECT count(*)::int FROM traces WHERE project_id = $1 AND id = ANY($2)) AS traces,
              (SELECT count(*)::int FROM observations WHERE project_id = $1 AND id = ANY($3)) AS observations`,
      [app.projectId, goodTraceIds, goodObservationIds],
    );
    expect({ traces, observations }).toEqual({ traces: 50, observations: 150 });
    // nothing of the poisoned request, not even its valid trace and observations
    const leftovers = await rows(pool, `SELECT id FROM traces WHERE id = $1 UNION ALL SELECT id FROM observations WHERE trace_id = $1`, [
      poisoned.trace.id,
    ]);
    expect(leftovers).toEqual([]);
  });
});
