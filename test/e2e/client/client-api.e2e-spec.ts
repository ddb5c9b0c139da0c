import { randomUUID } from 'node:crypto';
import { Client, ClientErrorCode, XtraceError } from 'xtrace-client';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';

const KEYS = { publicKey: 'pk-lf-client', secretKey: 'sk-lf-client' };

async function caught(promise: Promise<unknown>): Promise<XtraceError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(XtraceError);
  return error as XtraceError;
}

/** A minute-aligned instant `minutesAgo` minutes before now, so metric buckets are predictable. */
function minuteAgo(minutesAgo: number): Date {
  return new Date(Math.floor(Date.now() / 60_000) * 60_000 - minutesAgo * 60_000);
}

describe('xtrace-client against the real server: every method', () => {
  let app: TestApp;
  let client: Client;
  beforeAll(async () => {
    app = await createTestApp({ XTRACE_PUBLIC_KEY: KEYS.publicKey, XTRACE_SECRET_KEY: KEYS.secretKey });
    client = new Client(`${app.baseUrl}/`, app.token);
  });
  afterAll(() => app.close());

  describe('health', () => {
    it('healthz and readyz answer', async () => {
      await expect(client.healthz()).resolves.toEqual({ status: 'ok' });
      await expect(client.readyz()).resolves.toEqual({ status: 'ready' });
    });
  });

  describe('traces, observations, sessions and scores', () => {
    const traceId = randomUUID();
    const observationId = randomUUID();
    const sessionId = `session-${randomUUID()}`;
    const tag = `tag-${randomUUID().slice(0, 8)}`;
    const start = new Date(Date.now() - 5000);
    const end = new Date(start.getTime() + 1500);

    beforeAll(async () => {
      await expect(
        client.ingestBatch({
          trace: {
            id: traceId,
            name: 'chat',
            userId: 'user-1',
            sessionId,
            tags: [tag, 'client'],
            timestamp: start.toISOString(),
            input: 'What is xtrace?',
            output: { answer: 'an observability backend' },
            metadata: { channel: 'web', attempt: 1 },
          },
          observations: [
            {
              id: observationId,
              traceId,
              type: 'GENERATION',
              name: 'llm',
              model: 'gpt-4o-mini',
              startTime: start.toISOString(),
              endTime: end.toISOString(),
              promptTokens: 12,
              completionTokens: 30,
            },
          ],
        }),
      ).resolves.toEqual({ message: 'Request Successful.' });
      // A second trace that shares only one tag: all-of tag filtering must leave it out.
      await client.ingestBatch({ trace: { id: randomUUID(), name: 'other', tags: [tag] } });
    });

    it('listTraces filters with repeated tag keys and pages', async () => {
      const page = await client.listTraces({ tags: [tag, 'client'], limit: 10 });
      expect(page.data.map((trace) => trace.id)).toEqual([traceId]);
      expect(page.meta).toEqual({ page: 1, limit: 10, totalItems: 1, totalPages: 1 });
      const both = await client.listTraces({ tags: [tag] });
      expect(both.meta.totalItems).toBe(2);
    });

    it('getTrace returns the trace with its observations', async () => {
      const trace = await client.getTrace(traceId);
      expect(trace).toMatchObject({ id: traceId, name: 'chat', userId: 'user-1', sessionId, input: 'What is xtrace?' });
      expect(trace.output).toEqual({ answer: 'an observability backend' });
      expect(trace.metadata).toEqual({ channel: 'web', attempt: 1 });
      expect(trace.observations).toHaveLength(1);
      expect(trace.observations[0]).toMatchObject({ id: observationId, type: 'GENERATION', model: 'gpt-4o-mini', promptTokens: 12, completionTokens: 30, totalTokens: 42 });
    });

    it('listObservations and getObservation', async () => {
      const page = await client.listObservations({ traceId });
      expect(page.data.map((observation) => observation.id)).toEqual([observationId]);
      await expect(client.getObservation(observationId)).resolves.toMatchObject({ id: observationId, traceId, name: 'llm' });
    });

    it('listSessions and getSession', async () => {
      const page = await client.listSessions({});
      expect(page.data.map((session) => session.id)).toContain(sessionId);
      const session = await client.getSession(sessionId);
      expect(session.id).toBe(sessionId);
      expect(session.traces.map((trace) => trace.id)).toEqual([traceId]);
    });

    it('createScore and listScores', async () => {
      const created = await client.createScore({ traceId, observationId, name: 'quality', value: 0.75, comment: 'good' });
      expect(created.id).toEqual(expect.any(String));
      const page = await client.listScores({ traceId });
      expect(page.data).toHaveLength(1);
      expect(page.data[0]).toMatchObject({ id: created.id, traceId, observationId, name: 'quality', value: 0.75, comment: 'good' });
      const trace = await client.getTrace(traceId);
      expect(trace.scores.map((score) => score.id)).toEqual([created.id]);
    });

    it('dailyMetrics counts the day of the traces', async () => {
      const daily = await client.dailyMetrics({});
      const day = daily.data.find((entry) => entry.date === start.toISOString().slice(0, 10));
      expect(day).toMatchObject({ countTraces: 2, countObservations: 1 });
      expect(day!.usage).toEqual([
        expect.objectContaining({ model: 'gpt-4o-mini', inputUsage: 12, outputUsage: 30, totalUsage: 42, countObservations: 1 }),
      ]);
    });

    it('deleteTrace removes a trace, deleteTraces several', async () => {
      const doomed = [randomUUID(), randomUUID(), randomUUID()];
      for (const id of doomed) await client.ingestBatch({ trace: { id, name: 'doomed' } });
      await client.deleteTrace(doomed[0]!);
      const gone = await caught(client.getTrace(doomed[0]!));
      expect(gone).toMatchObject({ status: 404, code: 'NOT_FOUND' });
      await client.deleteTraces([doomed[1]!, doomed[2]!]);
      const left = await client.listTraces({ name: 'doomed' });
      expect(left.meta.totalItems).toBe(0);
    });
  });

  describe('metrics', () => {
    const name = `gpu_utilization_${randomUUID().slice(0, 8)}`;
    const at = minuteAgo(10);

    beforeAll(async () => {
      await expect(
        client.pushMetrics([
          { name, labels: { node: 'a', gpu: '0' }, value: 40, timestamp: at },
          { name, labels: { node: 'a', gpu: '0' }, value: 60, timestamp: new Date(at.getTime() + 10_000) },
          { name, labels: { node: 'a', gpu: '1' }, value: 90, timestamp: at.toISOString() },
        ]),
      ).resolves.toEqual({ message: 'Request Successful.' });
    });

    it('metricNames lists the metric', async () => {
      expect((await client.metricNames()).data).toContain(name);
    });

    it('metricLabels lists its label keys and values', async () => {
      expect((await client.metricLabels(name)).data).toEqual({ gpu: ['0', '1'], node: ['a'] });
    });

    it('queryMetrics aggregates, groups and filters by labels given as an object', async () => {
      const window = { from: new Date(at.getTime() - 60_000).toISOString(), to: new Date(at.getTime() + 60_000).toISOString() };
      const grouped = await client.queryMetrics({ name, ...window, step: '1m', agg: 'avg', group_by: 'gpu' });
      expect(grouped.data).toEqual([
        { labels: { gpu: '0' }, values: [{ timestamp: expect.any(String), value: 50 }] },
        { labels: { gpu: '1' }, values: [{ timestamp: expect.any(String), value: 90 }] },
      ]);
      expect(Date.parse(grouped.data[0]!.values[0]!.timestamp)).toBe(at.getTime());
      expect(grouped.meta).toMatchObject({ series_count: 2, truncated: false });
      const filtered = await client.queryMetrics({ name, ...window, agg: 'max', labels: { gpu: '0' } });
      expect(filtered.data.map((series) => series.values[0]!.value)).toEqual([60]);
    });

    it('a bad query is a 400 XtraceError with the server envelope', async () => {
      const error = await caught(client.queryMetrics({ name, step: '7m' as never }));
      expect(error).toMatchObject({ status: 400, code: 'BAD_REQUEST', attempts: 1 });
      expect(error.requestId).toEqual(expect.any(String));
    });
  });

  describe('models', () => {
    it('createModel and listModels', async () => {
      const modelName = `self-hosted-${randomUUID().slice(0, 8)}`;
      const created = await client.createModel({ modelName, matchPattern: `^${modelName}$`, unit: 'TOKENS', inputPrice: 0.000001, outputPrice: 0.000002 });
      expect(created).toMatchObject({ modelName, inputPrice: 0.000001, outputPrice: 0.000002, isLangfuseManaged: false });
      const page = await client.listModels({ limit: 100 });
      expect(page.data.map((model) => model.id)).toContain(created.id);
    });
  });

  describe('errors and credentials', () => {
    it('an unknown trace is a 404 with the request id of the answer', async () => {
      const response = await app.request('/api/public/traces/does-not-exist');
      const error = await caught(client.getTrace('does-not-exist'));
      expect(error).toMatchObject({ status: 404, code: 'NOT_FOUND', message: expect.any(String) });
      expect(error.requestId).toEqual(expect.any(String));
      expect(error.requestId).not.toBe(response.headers.get('x-request-id'));
      expect(error.body).toMatchObject({ code: 'NOT_FOUND', requestId: error.requestId });
    });

    it('a wrong token is a 401, not retried', async () => {
      const error = await caught(new Client(app.baseUrl, 'wrong-token').metricNames());
      expect(error).toMatchObject({ status: 401, code: 'UNAUTHORIZED', attempts: 1 });
    });

    it('the key pair works as HTTP Basic', async () => {
      const withKeys = new Client(app.baseUrl, KEYS);
      await expect(withKeys.metricNames()).resolves.toMatchObject({ data: expect.any(Array) });
      const wrong = await caught(new Client(app.baseUrl, { ...KEYS, secretKey: 'nope' }).metricNames());
      expect(wrong.status).toBe(401);
    });

    it('a server that is gone is a network error', async () => {
      const gone = await createTestApp();
      await gone.close();
      const error = await caught(new Client(gone.baseUrl, gone.token, { retry: { maxRetries: 0 } }).healthz());
      expect(error).toMatchObject({ status: 0, code: ClientErrorCode.Network });
    });
  });
});
