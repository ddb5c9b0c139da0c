import { randomBytes, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';
import { gzipBomb } from '../../setup/hostile-corpus.js';
import { otlpProtobuf, otlpSpanJson } from '../../setup/hostile-values.js';
import { ALL_DOORS, buildDoorRequest, findMissing, startLoad } from '../../setup/ingest-load.js';
import { rawRequest, type RawResponse } from '../../setup/raw-http.js';
import { sleep } from '../../setup/reliability.js';

const OTLP = '/api/public/otel/v1/traces';
const MAX_BODY_BYTES = 1024 * 1024;
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('status codes clients can act on', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ XTRACE_MAX_REQUEST_BODY_BYTES: String(MAX_BODY_BYTES) });
  });
  afterAll(() => app.close());

  const post = (path: string, contentType: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    rawRequest(app.baseUrl, {
      method: 'POST',
      path,
      headers: { authorization: `Bearer ${app.token}`, 'content-type': contentType, ...headers },
      body,
    });
  const decodeOtlp = (response: RawResponse) => ProtobufTraceSerializer.deserializeResponse(response.body);

  describe('OTLP', () => {
    it('answers JSON with JSON and protobuf with an empty protobuf ExportTraceServiceResponse', async () => {
      const json = await post(OTLP, 'application/json', otlpSpanJson(hex(16), hex(8), '"name":"ok"'));
      expect(json.status).toBe(200);
      expect(json.headers['content-type']).toMatch(/^application\/json/);
      expect(JSON.parse(json.body.toString())).toEqual({});

      const protobuf = await post(OTLP, 'application/x-protobuf', otlpProtobuf());
      expect(protobuf.status).toBe(200);
      expect(protobuf.headers['content-type']).toMatch(/^application\/x-protobuf/);
      expect(protobuf.body.length).toBe(0);
      expect(protobuf.headers['retry-after']).toBeUndefined();
    });

    it('reports rejected spans as partialSuccess with a count and a message, in the request encoding', async () => {
      const traceId = hex(16);
      const good = `{"traceId":"${traceId}","spanId":"${hex(8)}","name":"good","startTimeUnixNano":"${Date.now()}000000"}`;
      const bad = `{"traceId":"${traceId}","spanId":"not-hex","name":"bad","startTimeUnixNano":"${Date.now()}000000"}`;
      const json = await post(OTLP, 'application/json', `{"resourceSpans":[{"scopeSpans":[{"spans":[${good},${bad}]}]}]}`);
      expect(json.status).toBe(200);
      expect(JSON.parse(json.body.toString())).toEqual({
        partialSuccess: { rejectedSpans: 1, errorMessage: expect.stringMatching(/\S/) },
      });

      const protobuf = await post(OTLP, 'application/x-protobuf', Buffer.concat([otlpProtobuf(), otlpProtobuf({ spanId: Buffer.alloc(3) })]));
      expect(protobuf.status).toBe(200);
      expect(protobuf.headers['content-type']).toMatch(/^application\/x-protobuf/);
      const decoded = decodeOtlp(protobuf);
      expect(Number(decoded.partialSuccess?.rejectedSpans)).toBe(1);
      expect(decoded.partialSuccess?.errorMessage).toMatch(/\S/);
    });

    it('treats an empty export as a success', async () => {
      for (const body of ['{}', '{"resourceSpans":[]}', '{"resourceSpans":[{"scopeSpans":[]}]}']) {
        const response = await post(OTLP, 'application/json', body);
        expect([body, response.status, JSON.parse(response.body.toString())]).toEqual([body, 200, {}]);
      }
      const protobuf = await post(OTLP, 'application/x-protobuf', Buffer.alloc(0));
      expect([protobuf.status, protobuf.body.length]).toEqual([200, 0]);
    });

    it('answers undecodable bodies 400, oversized ones 413, an unknown content type 415, none with Retry-After', async () => {
      const cases: [string, Promise<RawResponse>, number][] = [
        ['garbage protobuf', post(OTLP, 'application/x-protobuf', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f])), 400],
        ['malformed JSON', post(OTLP, 'application/json', '{"resourceSpans":['), 400],
        ['broken gzip', post(OTLP, 'application/json', 'not gzip', { 'content-encoding': 'gzip' }), 400],
        ['over the limit', post(OTLP, 'application/json', `{"x":"${'a'.repeat(MAX_BODY_BYTES)}"}`), 413],
        ['gzip bomb', post(OTLP, 'application/json', gzipBomb(MAX_BODY_BYTES * 64), { 'content-encoding': 'gzip' }), 413],
        ['protobuf over the limit', post(OTLP, 'application/x-protobuf', otlpProtobuf({ name: 'n'.repeat(MAX_BODY_BYTES) })), 413],
        ['text/plain', post(OTLP, 'text/plain', '{}'), 415],
      ];
      for (const [name, pending, status] of cases) {
        const response = await pending;
        expect([name, response.status, response.headers['retry-after']]).toEqual([name, status, undefined]);
        expect(JSON.parse(response.body.toString())).toEqual(expect.objectContaining({ code: expect.any(String), requestId: expect.any(String) }));
      }
      // gzip within the limit is fine
      const zipped = await post(OTLP, 'application/json', gzipSync(otlpSpanJson(hex(16), hex(8), '"name":"zipped"')), { 'content-encoding': 'gzip' });
      expect(zipped.status).toBe(200);
    });
  });

  describe('Langfuse ingestion', () => {
    const event = (type: string, body: Record<string, unknown>) => ({ id: randomUUID(), type, timestamp: new Date().toISOString(), body });

    it('answers 207 with both arrays, whatever the mix of good and bad events', async () => {
      const traceId = randomUUID();
      const good = [event('trace-create', { id: traceId, name: 't' }), event('span-create', { id: randomUUID(), traceId })];
      const bad = [event('span-update', {}), event('no-such-type', { id: 'x' }), event('score-create', { id: randomUUID(), traceId })];
      const batches = { 'all good': good, mixed: [...good, ...bad], 'all bad': bad, empty: [] };
      for (const [name, batch] of Object.entries(batches)) {
        const response = await post('/api/public/ingestion', 'application/json', JSON.stringify({ batch }));
        const answer = JSON.parse(response.body.toString());
        expect([name, response.status, Array.isArray(answer.successes), Array.isArray(answer.errors)]).toEqual([name, 207, true, true]);
        expect([name, answer.successes.length + answer.errors.length]).toEqual([name, batch.length]);
      }
    });

    it('answers a body that is not a batch with a 400 envelope', async () => {
      for (const body of ['{}', '{"batch":{}}', '[]', '{"batch":"x"}']) {
        const response = await post('/api/public/ingestion', 'application/json', body);
        expect([body, response.status, JSON.parse(response.body.toString()).code]).toEqual([body, 400, 'BAD_REQUEST']);
      }
    });
  });
});

describe('backpressure: 429 or 503 with Retry-After, never a silent drop', () => {
  let app: TestApp;
  beforeAll(async () => {
    // A tiny ingest queue that flushes slowly: concurrent clients overflow it at once.
    app = await createTestApp({
      XTRACE_INGEST_QUEUE_MAX_ROWS: '8',
      XTRACE_INGEST_FLUSH_MS: '100',
      RATE_LIMIT_QPS: '2',
      RATE_LIMIT_BURST: '4',
    });
  });
  afterAll(() => app.close());

  it('overloaded ingest doors answer 503/429 with Retry-After, and everything acknowledged is stored', async () => {
    const load = startLoad({ baseUrl: app.baseUrl, token: app.token, doors: ALL_DOORS, clientsPerDoor: 3, size: 3 });
    await sleep(2000);
    await load.stop();
    const byDoor = new Map<string, { ok: number; overloaded: number }>();
    for (const outcome of load.outcomes) {
      const counts = byDoor.get(outcome.door) ?? { ok: 0, overloaded: 0 };
      if (outcome.status !== undefined && outcome.status < 300) {
        counts.ok++;
        expect(outcome.retryAfter).toBeNull();
      } else {
        // the only failure allowed is overload, and it says when to come back
        const overload = (outcome.status === 429 || outcome.status === 503) && Number(outcome.retryAfter) >= 1;
        expect({ ...outcome, overload }).toEqual(expect.objectContaining({ overload: true }));
        counts.overloaded++;
      }
      byDoor.set(outcome.door, counts);
    }
    // every door pushed back, and the queue still took work
    for (const door of ALL_DOORS) expect([door, (byDoor.get(door)?.overloaded ?? 0) > 0]).toEqual([door, true]);
    expect(load.outcomes.filter((outcome) => outcome.status !== undefined && outcome.status < 300).length).toBeGreaterThan(0);
    const missing = await findMissing(app.databaseUrl, app.projectId, load.acknowledged);
    expect(missing).toEqual({ traces: [], observations: [], scores: [], metricBatches: [] });
  }, 30_000);

  it('rate-limited reads answer 429 with Retry-After', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => app.request('/api/public/traces?limit=1')));
    const limited = answers.filter((answer) => answer.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    for (const answer of limited) expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    for (const answer of answers.filter((a) => a.status === 200)) expect(answer.headers.get('retry-after')).toBeNull();
  });
});
