import { Client, ClientErrorCode, XtraceError } from 'xtrace-client';
import { ScriptedServer } from './scripted-server.js';

const OK = { status: 200, body: { message: 'Request Successful.' } };
const busy = (retryAfter: string) => ({
  status: 503,
  headers: { 'retry-after': retryAfter },
  body: { message: 'Service Unavailable', code: 'SERVICE_UNAVAILABLE', requestId: 'req-503' },
});
const fastRetry = { initialDelayMs: 10, maxDelayMs: 40 };

async function caught(promise: Promise<unknown>): Promise<XtraceError> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(XtraceError);
  return error as XtraceError;
}

describe('xtrace-client transport: retries, timeouts, errors (scripted server)', () => {
  let server: ScriptedServer;
  beforeAll(async () => {
    server = await new ScriptedServer().start();
  });
  afterAll(() => server.stop());

  describe('retries', () => {
    it('waits for Retry-After (seconds) on 503, then succeeds', async () => {
      server.answer(busy('1'), OK);
      const client = new Client(server.baseUrl, 'token');
      const started = Date.now();
      await expect(client.pushMetrics([{ name: 'm', value: 1, timestamp: new Date() }])).resolves.toEqual({
        message: 'Request Successful.',
      });
      expect(server.requests).toHaveLength(2);
      const waited = server.requests[1]!.at - server.requests[0]!.at;
      expect(waited).toBeGreaterThanOrEqual(1000);
      expect(waited).toBeLessThan(2000);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(server.requests[1]!.body).toBe(server.requests[0]!.body);
    });

    it('waits for Retry-After given as an HTTP date', async () => {
      // HTTP dates have whole seconds: ask for the start of the second after next.
      const until = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000);
      server.answer(busy(until.toUTCString()), OK);
      await new Client(server.baseUrl, 'token').metricNames();
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]!.at).toBeGreaterThanOrEqual(until.getTime() - 5);
    });

    it.each([429, 502, 504])('retries %i with backoff', async (status) => {
      server.answer({ status }, { status }, OK);
      const client = new Client(server.baseUrl, 'token', { retry: fastRetry });
      await client.healthz();
      expect(server.requests).toHaveLength(3);
      const gaps = [1, 2].map((index) => server.requests[index]!.at - server.requests[index - 1]!.at);
      expect(gaps[0]).toBeGreaterThanOrEqual(5); // at least half of initialDelayMs
      expect(gaps[1]).toBeGreaterThanOrEqual(10); // the ceiling doubled
    });

    it('does not retry other errors, and surfaces the envelope', async () => {
      server.answer(
        { status: 500, headers: { 'x-request-id': 'ignored' }, body: { message: 'Internal Error', code: 'INTERNAL_ERROR', requestId: 'req-500' } },
        OK,
      );
      const error = await caught(new Client(server.baseUrl, 'token', { retry: fastRetry }).listTraces());
      expect(server.requests).toHaveLength(1);
      expect(error).toMatchObject({ status: 500, code: 'INTERNAL_ERROR', message: 'Internal Error', requestId: 'req-500', attempts: 1 });
      expect(error.body).toEqual({ message: 'Internal Error', code: 'INTERNAL_ERROR', requestId: 'req-500' });
    });

    it('gives up after maxRetries with the last answer', async () => {
      server.answer({ status: 503, headers: { 'x-request-id': 'req-h' } });
      const error = await caught(new Client(server.baseUrl, 'token', { retry: { ...fastRetry, maxRetries: 2 } }).healthz());
      expect(server.requests).toHaveLength(3);
      expect(error).toMatchObject({ status: 503, code: ClientErrorCode.HttpError, requestId: 'req-h', attempts: 3 });
    });

    it('does not wait for a Retry-After longer than maxRetryAfterMs', async () => {
      server.answer(busy('120'), OK);
      const started = Date.now();
      const error = await caught(new Client(server.baseUrl, 'token', { retry: { maxRetryAfterMs: 5000 } }).healthz());
      expect(Date.now() - started).toBeLessThan(1000);
      expect(error).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE', retryAfterMs: 120_000 });
      expect(server.requests).toHaveLength(1);
    });

    it('retries a dropped connection for idempotent requests', async () => {
      server.answer({ drop: true }, OK);
      await new Client(server.baseUrl, 'token', { retry: fastRetry }).ingestBatch({ observations: [] } as never);
      expect(server.requests).toHaveLength(2);
    });

    it('retries a non-idempotent request only when the server says it did nothing (429, 503)', async () => {
      const client = new Client(server.baseUrl, 'token', { retry: fastRetry });
      server.answer({ status: 503 }, { status: 201, body: { id: 'm1' } });
      await expect(client.createModel({} as never)).resolves.toEqual({ id: 'm1' });
      expect(server.requests).toHaveLength(2);

      server.answer({ status: 502 }, { status: 201, body: { id: 'm2' } });
      expect((await caught(client.createModel({} as never))).status).toBe(502);
      expect(server.requests).toHaveLength(1);

      server.answer({ drop: true }, { status: 201, body: { id: 'm3' } });
      expect((await caught(client.createModel({} as never))).code).toBe(ClientErrorCode.Network);
      expect(server.requests).toHaveLength(1);
    });

    it('resolves readyz with not_ready on 503, without retrying', async () => {
      server.answer({ status: 503, body: { status: 'not_ready' } }, { status: 200, body: { status: 'ready' } });
      await expect(new Client(server.baseUrl, 'token', { retry: fastRetry }).readyz()).resolves.toEqual({ status: 'not_ready' });
      expect(server.requests).toHaveLength(1);
    });

    it('turns retries off per call', async () => {
      server.answer({ status: 503 }, OK);
      await caught(new Client(server.baseUrl, 'token').healthz({ retry: { maxRetries: 0 } }));
      expect(server.requests).toHaveLength(1);
    });

    it('reports an unreachable server as a network error after retrying', async () => {
      const gone = await new ScriptedServer().start();
      await gone.stop();
      const error = await caught(new Client(gone.baseUrl, 'token', { retry: { ...fastRetry, maxRetries: 1 } }).healthz());
      expect(error).toMatchObject({ status: 0, code: ClientErrorCode.Network, attempts: 2 });
      expect(error.message).toMatch(/ECONNREFUSED|fetch failed/);
    });
  });

  describe('timeouts and aborts', () => {
    it('fails a request that gets no answer within timeoutMs', async () => {
      server.answer({ hang: true });
      const client = new Client(server.baseUrl, 'token', { timeoutMs: 200, retry: { maxRetries: 0 } });
      const started = Date.now();
      const error = await caught(client.listTraces());
      const elapsed = Date.now() - started;
      expect(error).toMatchObject({ status: 0, code: ClientErrorCode.Timeout, attempts: 1 });
      expect(elapsed).toBeGreaterThanOrEqual(190);
      expect(elapsed).toBeLessThan(1500);
    });

    it('retries a timed-out idempotent request, each attempt with its own timeout', async () => {
      server.answer({ hang: true }, OK);
      const client = new Client(server.baseUrl, 'token', { timeoutMs: 200, retry: fastRetry });
      await expect(client.healthz()).resolves.toEqual(OK.body);
      expect(server.requests).toHaveLength(2);
    });

    it('takes a per-call timeout', async () => {
      server.answer({ hang: true });
      const client = new Client(server.baseUrl, 'token', { timeoutMs: 30_000, retry: { maxRetries: 0 } });
      const started = Date.now();
      expect((await caught(client.healthz({ timeoutMs: 100 }))).code).toBe(ClientErrorCode.Timeout);
      expect(Date.now() - started).toBeLessThan(1500);
    });

    it('stops at once, without retrying, when the caller aborts', async () => {
      server.answer({ hang: true });
      const controller = new AbortController();
      const pending = new Client(server.baseUrl, 'token', { retry: fastRetry }).healthz({ signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      expect((await caught(pending)).code).toBe(ClientErrorCode.Aborted);
      expect(server.requests).toHaveLength(1);
    });

    it('stops waiting between retries when the caller aborts', async () => {
      server.answer(busy('10'), OK);
      const controller = new AbortController();
      const started = Date.now();
      const pending = new Client(server.baseUrl, 'token').healthz({ signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      expect((await caught(pending)).code).toBe(ClientErrorCode.Aborted);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(server.requests).toHaveLength(1);
    });
  });

  describe('requests on the wire', () => {
    it('sends the bearer token, JSON, and arrays as repeated query keys; a trailing slash is fine', async () => {
      server.answer({ status: 200, body: { data: [], meta: {} } });
      await new Client(`${server.baseUrl}/`, 'tok-1').listTraces({ tags: ['a', 'b'], limit: 5 } as never);
      const [seen] = server.requests;
      expect(seen!.url).toBe('/api/public/traces?tags=a&tags=b&limit=5');
      expect(seen!.headers.authorization).toBe('Bearer tok-1');
      expect(seen!.headers.accept).toBe('application/json');
    });

    it('sends a key pair as HTTP Basic (UTF-8)', async () => {
      server.answer(OK);
      await new Client(server.baseUrl, { publicKey: 'pk-lf-ü', secretKey: 'sk:x' }).metricNames();
      expect(server.requests[0]!.headers.authorization).toBe(`Basic ${Buffer.from('pk-lf-ü:sk:x').toString('base64')}`);
    });

    it('percent-encodes ids in paths and sends DELETE bodies', async () => {
      server.answer({ status: 200, body: { message: 'deleted' } });
      const client = new Client(server.baseUrl, 'token');
      await client.getTrace('a/b c?');
      expect(server.requests[0]!.url).toBe('/api/public/traces/a%2Fb%20c%3F');
      server.answer({ status: 200, body: { message: 'deleted' } });
      await client.deleteTraces(['t1', 't2']);
      expect(server.requests[0]).toMatchObject({ method: 'DELETE', url: '/api/public/traces', body: '{"traceIds":["t1","t2"]}' });
      expect(server.requests[0]!.headers['content-type']).toBe('application/json');
    });

    it('gives createScore an id, so its retries are idempotent', async () => {
      server.answer({ status: 503 }, { status: 200, body: { id: 'x' } });
      await new Client(server.baseUrl, 'token', { retry: fastRetry }).createScore({ traceId: 't', name: 'q', value: 1 } as never);
      const [first, second] = server.requests.map((request) => JSON.parse(request.body));
      expect(first.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(second.id).toBe(first.id);
    });

    it('rejects a 2xx answer that is not JSON, and a non-JSON error body keeps its text', async () => {
      server.answer({ status: 200, body: '<html>proxy</html>' });
      const client = new Client(server.baseUrl, 'token', { retry: { maxRetries: 0 } });
      expect(await caught(client.metricNames())).toMatchObject({ status: 200, code: ClientErrorCode.InvalidResponse });
      server.answer({ status: 418, body: 'teapot' });
      expect(await caught(client.metricNames())).toMatchObject({ status: 418, code: ClientErrorCode.HttpError, body: 'teapot' });
    });
  });
});
