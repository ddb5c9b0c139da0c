import { randomBytes, randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { secretFragments } from '../../setup/answer-checks.js';
import { createTestApp, httpRequest, type TestApp, type TestResponse } from '../../setup/create-test-app.js';
import { PUBLIC_PATHS, type OpenApiDocument } from '../../setup/hostile-corpus.js';
import { buildDoorRequest } from '../../setup/ingest-load.js';
import { openSocket, rawRequest } from '../../setup/raw-http.js';
import { memoryOf, sleep, waitFor } from '../../setup/reliability.js';

const REQUEST_TIMEOUT_MS = 2000;

describe('isolation: slow clients', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ XTRACE_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) });
  });
  afterAll(() => app.close());

  it('a body trickled byte by byte, a header trickled and 40 idle connections do not slow anyone else, and are cut off at the request timeout', async () => {
    const watch = (socket: Socket) => {
      const seen = { data: '', closedAfterMs: -1 };
      const opened = Date.now();
      socket.on('data', (chunk: Buffer) => (seen.data += chunk.toString()));
      socket.on('close', () => (seen.closedAfterMs = Date.now() - opened));
      socket.on('error', () => undefined);
      return seen;
    };
    const idle = await Promise.all(Array.from({ length: 40 }, () => openSocket(app.baseUrl)));
    const idleSeen = idle.map(watch);

    const body = JSON.stringify(JSON.parse(buildDoorRequest('metrics', 1).body as string));
    const trickler = await openSocket(app.baseUrl);
    const tricklerSeen = watch(trickler);
    trickler.write(
      `POST /v1/metrics/batch HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${app.token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
    );
    const headerTrickler = await openSocket(app.baseUrl);
    const headerSeen = watch(headerTrickler);
    headerTrickler.write('GET /api/public/traces HTTP/1.1\r\nHost: x\r\n');
    let sent = 0;
    const dribble = setInterval(() => {
      if (!trickler.destroyed && sent < body.length) trickler.write(body[sent++]);
      if (!headerTrickler.destroyed) headerTrickler.write('X');
    }, 100);

    try {
      // Meanwhile everyone else is served at once, reads and writes alike.
      const latencies: number[] = [];
      for (let i = 0; i < 12; i++) {
        const started = Date.now();
        const door = buildDoorRequest(i % 2 === 0 ? 'native' : 'metrics', 2);
        const write = await app.request(door.path, { method: 'POST', body: door.body as string });
        const read = await app.request('/api/public/traces?limit=5');
        expect([write.status, read.status]).toEqual([200, 200]);
        latencies.push(Date.now() - started);
      }
      expect(Math.max(...latencies)).toBeLessThan(1500);

      // Past the timeout (checked every second) each slow connection gets a 408 envelope and is closed.
      const deadline = REQUEST_TIMEOUT_MS + 1000 + 1500;
      await waitFor(() => tricklerSeen.closedAfterMs >= 0 && headerSeen.closedAfterMs >= 0 && idleSeen.every((s) => s.closedAfterMs >= 0), 8000);
      expect(sent).toBeLessThan(body.length);
      for (const seen of [tricklerSeen, headerSeen]) {
        expect(seen.data).toMatch(/^HTTP\/1\.1 408 /);
        expect(JSON.parse(seen.data.slice(seen.data.indexOf('\r\n\r\n') + 4))).toEqual({
          message: expect.any(String),
          code: 'REQUEST_TIMEOUT',
          requestId: expect.any(String),
        });
        expect(seen.closedAfterMs).toBeLessThan(deadline);
      }
      expect(Math.max(...idleSeen.map((seen) => seen.closedAfterMs))).toBeLessThan(deadline);
      expect((await app.request('/readyz')).status).toBe(200);
    } finally {
      clearInterval(dribble);
      for (const socket of [...idle, trickler, headerTrickler]) socket.destroy();
    }
  }, 60_000);
});

describe('exposure: credentials and secrets', () => {
  const publicKey = `pk-lf-${randomBytes(12).toString('hex')}`;
  const secretKey = `sk-lf-${randomBytes(12).toString('hex')}`;
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({
      XTRACE_PUBLIC_KEY: publicKey,
      XTRACE_SECRET_KEY: secretKey,
      // every request logged, so the log scan sees as much as the server can print
      LOG_LEVEL: 'trace',
      RATE_LIMIT_QPS: '1',
      RATE_LIMIT_BURST: '3',
    });
  });
  afterAll(() => app.close());

  it('answers no route without credentials except the public ones, enumerated from the OpenAPI document', async () => {
    const doc = (await app.request('/docs/json')).body as OpenApiDocument;
    const routes = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ path, method })));
    expect(routes.length).toBeGreaterThan(10);
    const answers = await Promise.all(
      routes.map(async ({ path, method }) => {
        const concrete = path.replace(/\{[^}]+\}/g, 'some-id');
        const withBody = ['post', 'put', 'patch'].includes(method);
        const response = await app.request(concrete, { method: method.toUpperCase(), anonymous: true, body: withBody ? {} : undefined });
        return { route: `${method.toUpperCase()} ${path}`, status: response.status, code: response.body?.code };
      }),
    );
    const open = answers.filter(({ route }) => !PUBLIC_PATHS.some((path) => route.endsWith(` ${path}`)));
    expect(open.filter((answer) => answer.status !== 401)).toEqual([]);
    for (const path of PUBLIC_PATHS) expect((await app.request(path, { anonymous: true })).status).toBe(200);
    expect((await app.request('/docs/json', { anonymous: true })).status).toBe(200);
    // paths that are no route get the JSON 404, never a page or a directory listing
    for (const path of ['/api/public/prompts', '/api/internal/debug', '/v1/unknown', '/api/public/traces/a/b', '/assets/../../package.json']) {
      // sent raw: fetch would resolve the dots itself
      const response = await rawRequest(app.baseUrl, { method: 'GET', path });
      expect([path, response.status, JSON.parse(response.body.toString()).code]).toEqual([path, 404, 'NOT_FOUND']);
    }
  });

  it('never puts a token, a secret key or a prefix of one in an answer or a log line', async () => {
    const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const credentials = [
      `Bearer ${app.token}`,
      basic(publicKey, secretKey),
      `Bearer ${app.token}x`,
      `Bearer ${app.token.slice(0, -1)}`,
      `Bearer ${secretKey}`,
      basic(publicKey, `${secretKey}x`),
      basic(secretKey, secretKey),
      basic(app.token, app.token),
    ];
    const door = buildDoorRequest('native', 2);
    const answers: TestResponse[] = [];
    for (const authorization of credentials) {
      const headers = { authorization };
      answers.push(await app.request('/api/public/traces?limit=1', { headers }));
      answers.push(await app.request('/api/public/traces/no-such-trace', { headers }));
      answers.push(await app.request(door.path, { method: 'POST', body: door.body as string, headers }));
      answers.push(await app.request('/api/public/ingestion', { method: 'POST', body: { batch: 'not-a-list' }, headers }));
    }
    // spend the bearer budget so the rate-limit statistics list the token's key
    for (let i = 0; i < 6; i++) answers.push(await app.request('/api/public/traces?limit=1'));
    expect(answers.some((answer) => answer.status === 429)).toBe(true);
    const stats = await app.request('/api/internal/rate_limit_stats', { headers: { authorization: basic(publicKey, secretKey) } });
    expect(stats.body.top_rejected_tokens.length).toBeGreaterThan(0);
    answers.push(stats);
    expect(answers.filter((answer) => answer.status === 401).length).toBeGreaterThanOrEqual(4 * 6);

    const fragments = secretFragments([app.token, secretKey]);
    const leaks = answers.flatMap((answer) => {
      const text = `${answer.text}\n${JSON.stringify(Object.fromEntries(answer.headers))}`;
      return fragments.filter((fragment) => text.includes(fragment)).map((fragment) => `${answer.status}: ${fragment}`);
    });
    expect(leaks).toEqual([]);
    await sleep(200); // let the last log lines arrive
    const output = app.server.output();
    expect(output.split('\n').length).toBeGreaterThan(20); // trace level: the requests were logged
    expect(fragments.filter((fragment) => output.includes(fragment))).toEqual([]);
  });
});

describe('bounded queries', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('caps page sizes, refuses or empties absurd pages fast, and caps metric windows', async () => {
    const doc = (await app.request('/docs/json')).body as OpenApiDocument;
    const paged = Object.entries(doc.paths).filter(
      ([path, operations]) => !path.includes('{') && operations.get?.parameters?.some((parameter) => parameter.name === 'limit'),
    );
    expect(paged.map(([path]) => path)).toContain('/api/public/traces');
    for (const [path, operations] of paged) {
      const hasPage = operations.get!.parameters!.some((parameter) => parameter.name === 'page');
      const big = await app.request(`${path}?limit=1000000`);
      expect([path, big.status < 500]).toEqual([path, true]);
      if (big.status === 200) expect([path, big.body.data.length <= 1000, (big.body.meta?.limit ?? 0) <= 1000]).toEqual([path, true, true]);
      if (!hasPage) continue;
      for (const page of ['1000000000000', '99999999999999999999']) {
        const started = Date.now();
        const deep = await app.request(`${path}?page=${page}`);
        expect([path, page, Date.now() - started < 1000]).toEqual([path, page, true]);
        expect([path, page, deep.status === 400 || (deep.status === 200 && deep.body.data.length === 0)]).toEqual([path, page, true]);
      }
    }
    // a metrics window needing more than 10,000 buckets per series is refused, not computed
    const wide = await app.request('/api/public/metrics/query?name=load_metric&from=2000-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&step=1m');
    expect(wide.status).toBe(400);
    expect(wide.body.message).toMatch(/step/);
  });

  it('answers the detail of a trace with 10,000 observations within memory bounds', async () => {
    const traceId = randomUUID();
    const now = Date.now();
    const observations = Array.from({ length: 10_000 }, (_, index) => ({
      id: randomUUID(),
      traceId,
      type: index % 3 === 0 ? 'SPAN' : 'GENERATION',
      name: `step-${index}`,
      startTime: new Date(now + index).toISOString(),
      endTime: new Date(now + index + 5).toISOString(),
      model: 'gpt-4o-mini',
      input: { messages: [{ role: 'user', content: `question ${index}` }] },
      output: `answer ${index}`,
      promptTokens: 10,
      completionTokens: 5,
    }));
    for (let part = 0; part < 2; part++) {
      const ingest = await app.request('/v1/l/batch', {
        method: 'POST',
        body: { trace: { id: traceId, name: 'big' }, observations: observations.slice(part * 5000, (part + 1) * 5000) },
      });
      expect(ingest.status).toBe(200);
    }
    const pid = app.server.child.pid!;
    const before = memoryOf(pid).rssMiB;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, memoryOf(pid).rssMiB)), 10);
    const started = Date.now();
    const detail = await httpRequest(app.baseUrl, app.token, `/api/public/traces/${traceId}`);
    const ms = Date.now() - started;
    clearInterval(sampler);
    expect(detail.status).toBe(200);
    expect(detail.body.observations).toHaveLength(10_000);
    process.stdout.write(`trace detail, 10,000 observations: ${ms} ms, ${(detail.text.length / 1e6).toFixed(1)} MB, RSS ${before.toFixed(0)} → peak ${peak.toFixed(0)} MiB\n`);
    expect(ms).toBeLessThan(5000);
    expect(peak - before).toBeLessThan(256);
  }, 60_000);
});
