import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs';
import { loadFixture, replayHeaders } from '../../fixtures/fixtures.js';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';

const ROUTE = '/api/public/otel/v1/traces';

/** The part of the OTLP trace schema these tests encode (field numbers of opentelemetry-proto). */
const OTLP_SPAN_PROTO = `
syntax = "proto3";
message AnyValue { oneof value { string string_value = 1; } }
message KeyValue { string key = 1; AnyValue value = 2; }
message Span {
  bytes trace_id = 1;
  bytes span_id = 2;
  string name = 5;
  fixed64 start_time_unix_nano = 7;
  repeated KeyValue attributes = 9;
}
message ScopeSpans { repeated Span spans = 2; }
message ResourceSpans { repeated ScopeSpans scope_spans = 2; }
message Request { repeated ResourceSpans resource_spans = 1; }
`;

describe('POST /api/public/otel/v1/traces', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({
      XTRACE_PUBLIC_KEY: 'pk-lf-test',
      XTRACE_SECRET_KEY: 'sk-lf-test',
      XTRACE_MAX_REQUEST_BODY_BYTES: String(1024 * 1024),
    });
  });
  afterAll(() => app.close());

  it('answers an empty JSON request with {} and an empty protobuf request with zero protobuf bytes', async () => {
    const json = await app.request(ROUTE, { method: 'POST', body: { resourceSpans: [] } });
    expect(json.status).toBe(200);
    expect(json.body).toEqual({});
    const protobuf = await app.request(ROUTE, {
      method: 'POST',
      body: Buffer.alloc(0),
      headers: { 'content-type': 'application/x-protobuf' },
    });
    expect(protobuf.status).toBe(200);
    expect(protobuf.headers.get('content-type')).toBe('application/x-protobuf');
    expect(protobuf.text).toBe('');
  });

  it('stores the captured gzip protobuf export and answers with an empty ExportTraceServiceResponse', async () => {
    const [captured] = loadFixture('otel-plain-proto-gzip-and-json').filter((r) => r.bodyBase64);
    const response = await app.request(ROUTE, {
      method: 'POST',
      body: Buffer.from(captured.bodyBase64!, 'base64'),
      headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-protobuf');
    expect(response.text).toBe('');

    const trace = await app.request('/api/public/traces/bca14fbfcf8b725ecda5777dc7d5158b');
    expect(trace.status).toBe(200);
    expect(trace.body).toMatchObject({
      id: 'bca14fbfcf8b725ecda5777dc7d5158b',
      name: 'otel-trace-proto',
      userId: 'otel-user',
      sessionId: 'otel-sess',
      tags: ['otel', 'proto'],
      environment: 'test',
      version: '9.9.9',
      timestamp: '2026-11-21T08:07:09.749Z',
    });
    const byName = Object.fromEntries(trace.body.observations.map((o: any) => [o.name, o]));
    expect(byName['agent-run-proto']).toMatchObject({ id: '3f5e3f3a5c23800f', type: 'SPAN', parentObservationId: null });
    expect(byName['chat gpt-4o-mini']).toMatchObject({
      id: '13f5d8332b1cd9fe',
      type: 'GENERATION',
      parentObservationId: '3f5e3f3a5c23800f',
      model: 'gpt-4o-mini',
      modelParameters: { temperature: 0.5, max_tokens: 256 },
      input: 'hi',
      promptTokens: 21,
      completionTokens: 9,
      totalTokens: 30,
      level: 'DEFAULT',
      environment: 'test',
    });
    expect(byName['chat gpt-4o-mini'].metadata).toMatchObject({
      attributes: { 'gen_ai.system': 'openai', 'gen_ai.response.finish_reasons': ['stop'] },
      resourceAttributes: { 'service.name': 'svc-proto' },
    });
    expect(byName['tool call']).toMatchObject({ type: 'TOOL', level: 'ERROR', statusMessage: 'boom' });
    expect(byName['tool call'].metadata.events[0]).toMatchObject({
      name: 'exception',
      attributes: { 'exception.type': 'Error', 'exception.message': 'boom' },
    });
  });

  it('stores the captured OTLP/JSON export and the @langfuse/otel export, answering {}', async () => {
    const [plain] = loadFixture('otel-plain-proto-gzip-and-json').filter((r) => r.json);
    const first = await app.request(ROUTE, { method: 'POST', body: plain.json });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({});
    const json = await app.request('/api/public/traces/6ce34dd88bff6cc50b5923d8f1a52ae2');
    expect(json.body).toMatchObject({ name: 'otel-trace-json', userId: 'otel-user' });
    expect(json.body.observations).toHaveLength(3);

    const [langfuse] = loadFixture('langfuse-tracing-otel-client');
    // As sent by @langfuse/otel: Basic keys, x-langfuse-* headers.
    const second = await app.request(ROUTE, { method: 'POST', body: langfuse.json, headers: replayHeaders(langfuse) });
    expect(second.status).toBe(200);
    const trace = await app.request('/api/public/traces/70de29183af35feeb5d675ffc9958a8d');
    expect(trace.body).toMatchObject({
      name: 'v5-trace',
      userId: 'user-5',
      sessionId: 'sess-5',
      tags: ['a', 'b'],
      metadata: { tenant: 'acme' },
      release: 'rel-1',
      version: '1.2.3',
      environment: 'staging',
      input: { q: 'hi' },
      output: { a: 'hello' },
    });
    const generation = trace.body.observations.find((o: any) => o.name === 'v5-gen');
    expect(generation).toMatchObject({
      id: '178add49604db237',
      type: 'GENERATION',
      parentObservationId: 'df3ea9466c5f58f5',
      model: 'gpt-4o-mini',
      usageDetails: { input: 11, output: 7, total: 18 },
      costDetails: { input: 0.0011, output: 0.0014, total: 0.0025 },
      completionStartTime: '2026-11-21T08:06:51.975Z',
    });
  });

  it('merges trace fields across requests: first non-null, united tags, merged metadata, earliest start', async () => {
    const traceId = 'aaaabbbbccccddddeeeeffff00001111';
    const attribute = (key: string, value: unknown) => ({
      key,
      value: Array.isArray(value)
        ? { arrayValue: { values: value.map((item) => ({ stringValue: item })) } }
        : { stringValue: value },
    });
    const send = (spanId: string, start: string, attributes: unknown[], parentSpanId?: string) =>
      app.request(ROUTE, {
        method: 'POST',
        body: {
          resourceSpans: [
            { scopeSpans: [{ spans: [{ traceId, spanId, parentSpanId, name: `span-${spanId}`, startTimeUnixNano: start, attributes }] }] },
          ],
        },
      });
    // The child arrives first, as exporters usually send them.
    await send('0000000000000002', '1795248500000000000', [
      attribute('user.id', 'first-user'),
      attribute('langfuse.trace.tags', ['child']),
      attribute('langfuse.trace.metadata.a', '1'),
    ], '0000000000000001');
    await send('0000000000000001', '1795248400000000000', [
      attribute('user.id', 'second-user'),
      attribute('session.id', 'late-session'),
      attribute('langfuse.trace.tags', ['root', 'child']),
      attribute('langfuse.trace.metadata.b', '2'),
    ]);
    const trace = await app.request(`/api/public/traces/${traceId}`);
    expect(trace.body).toMatchObject({
      name: 'span-0000000000000001',
      userId: 'first-user',
      sessionId: 'late-session',
      tags: ['child', 'root'],
      metadata: { a: 1, b: 2 },
      timestamp: new Date(1795248400000).toISOString(),
    });
    expect(trace.body.observations.map((o: any) => [o.id, o.parentObservationId])).toEqual([
      ['0000000000000001', null],
      ['0000000000000002', '0000000000000001'],
    ]);
  });

  it('stores JSON text attributes as sent, in both encodings, and rejects only the trace whose JSON PostgreSQL refuses', async () => {
    const input = '{"n": 12345678901234567890, "ratio": 1.50, "list": [true, null]}';
    const otlpSpan = (traceId: string, spanId: string, text: string) => ({
      traceId,
      spanId,
      name: `io-${spanId}`,
      startTimeUnixNano: '1795248400000000000',
      attributes: [
        { key: 'langfuse.observation.input', value: { stringValue: text } },
        { key: 'langfuse.observation.output', value: { stringValue: 'plain {text' } },
        { key: 'langfuse.trace.input', value: { stringValue: text } },
        { key: 'session.id', value: { stringValue: `session-${traceId}` } },
      ],
    });
    const json = await app.request(ROUTE, {
      method: 'POST',
      body: { resourceSpans: [{ scopeSpans: [{ spans: [otlpSpan('1010101010101010101010101010101a', '101010101010101a', input)] }] }] },
    });
    expect(json.body).toEqual({});

    // Protobuf, through OpenTelemetry's own encoding rules (ids as bytes): one span is fine, the
    // other holds a \u0000 escape, valid JSON that a jsonb column cannot hold.
    const type = protobuf.parse(OTLP_SPAN_PROTO).root.lookupType('Request');
    const bytes = (hex: string) => Buffer.from(hex, 'hex');
    const span = (traceId: string, spanId: string, text: string) => ({ ...otlpSpan(traceId, spanId, text), traceId: bytes(traceId), spanId: bytes(spanId) });
    const body = type.encode(
      type.fromObject({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  span('2020202020202020202020202020202a', '202020202020202a', input),
                  span('3030303030303030303030303030303a', '303030303030303a', '{"bad": "\\u0000"}'),
                ],
              },
            ],
          },
        ],
      }),
    ).finish();
    const binary = await fetch(`${app.baseUrl}${ROUTE}`, {
      method: 'POST',
      body: Buffer.from(body),
      headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${app.token}` },
    });
    expect(binary.status).toBe(200);
    expect((await binary.arrayBuffer()).byteLength).toBeGreaterThan(0); // partialSuccess

    const storedInput = '"input":{"n": 12345678901234567890, "list": [true, null], "ratio": 1.50}';
    for (const [traceId, spanId] of [
      ['1010101010101010101010101010101a', '101010101010101a'],
      ['2020202020202020202020202020202a', '202020202020202a'],
    ]) {
      // Every read sends stored JSON as PostgreSQL writes it: jsonb kept every digit.
      const trace = await app.request(`/api/public/traces/${traceId}`);
      expect(trace.text).toContain(storedInput);
      expect(trace.body.observations.map((o: any) => [o.id, o.output])).toEqual([[spanId, 'plain {text']]);
      const observation = await app.request(`/api/public/observations/${spanId}`);
      expect(observation.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(observation.text).toContain(storedInput);
      expect([observation.body.id, observation.body.traceId, observation.body.output]).toEqual([spanId, traceId, 'plain {text']);
      for (const list of [`/api/public/observations?traceId=${traceId}`, `/api/public/v2/observations?traceId=${traceId}&fields=core,io`]) {
        const page = await app.request(list);
        expect(page.text).toContain(storedInput);
        expect(page.body.data.map((o: any) => [o.id, o.output])).toEqual([[spanId, 'plain {text']]);
      }
      const session = await app.request(`/api/public/sessions/session-${traceId}`);
      expect(session.text).toContain(storedInput);
      expect(session.body.traces.map((t: any) => [t.id, t.latency])).toEqual([[traceId, 0]]);
    }
    expect((await app.request('/api/public/traces/3030303030303030303030303030303a')).status).toBe(404);
  });

  it('answers partialSuccess for invalid spans and keeps the valid ones (JSON and protobuf)', async () => {
    const body = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                { traceId: 'abababababababababababababababab', spanId: 'abababababababab', name: 'ok', startTimeUnixNano: '1795248400000000000' },
                { traceId: 'abababababababababababababababab', spanId: 'nope', name: 'bad', startTimeUnixNano: '1795248400000000000' },
              ],
            },
          ],
        },
      ],
    };
    const response = await app.request(ROUTE, { method: 'POST', body });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ partialSuccess: { rejectedSpans: 1, errorMessage: 'spanId must be 16 hex characters' } });
    const trace = await app.request('/api/public/traces/abababababababababababababababab');
    expect(trace.body.observations.map((o: any) => o.name)).toEqual(['ok']);

    // The same in protobuf: a span id of 3 bytes instead of 8.
    const encodeSpan = (spanId: Buffer, name: string) =>
      protobuf.Writer.create()
        .uint32((1 << 3) | 2).bytes(Buffer.from('efefefefefefefefefefefefefefefef', 'hex'))
        .uint32((2 << 3) | 2).bytes(spanId)
        .uint32((5 << 3) | 2).string(name)
        .uint32((7 << 3) | 1).fixed64('1795248400000000000')
        .finish();
    const scopeSpans = protobuf.Writer.create();
    for (const encoded of [encodeSpan(Buffer.from('efefefefefefefef', 'hex'), 'ok'), encodeSpan(Buffer.from('abc'), 'bad')]) {
      scopeSpans.uint32((2 << 3) | 2).bytes(encoded);
    }
    const resourceSpans = protobuf.Writer.create().uint32((2 << 3) | 2).bytes(scopeSpans.finish()).finish();
    const request = protobuf.Writer.create().uint32((1 << 3) | 2).bytes(resourceSpans).finish();
    // Read as bytes: the answer is a protobuf ExportTraceServiceResponse.
    const binary = await fetch(`${app.baseUrl}${ROUTE}`, {
      method: 'POST',
      body: Buffer.from(request),
      headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${app.token}` },
    });
    expect(binary.status).toBe(200);
    expect(binary.headers.get('content-type')).toBe('application/x-protobuf');
    const reader = protobuf.Reader.create(Buffer.from(await binary.arrayBuffer()));
    expect(reader.uint32()).toBe((1 << 3) | 2); // partial_success
    const partial = protobuf.Reader.create(reader.bytes());
    expect(partial.uint32()).toBe((1 << 3) | 0); // rejected_spans
    expect(partial.int64().toString()).toBe('1');
    expect(partial.uint32()).toBe((2 << 3) | 2); // error_message
    expect(partial.string()).toBe('spanId must be 16 hex characters');
    const stored = await app.request('/api/public/traces/efefefefefefefefefefefefefefefef');
    expect(stored.body.observations.map((o: any) => o.name)).toEqual(['ok']);
  });

  it('answers 413 for a gzip bomb, measured after decoding', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20)); // 50 MiB of spaces, ~50 KiB on the wire
    const response = await app.request(ROUTE, {
      method: 'POST',
      body: bomb,
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // The server is still healthy afterwards.
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('answers 400 for bytes that are not protobuf or not gzip, 415 for other content types', async () => {
    const notProtobuf = await app.request(ROUTE, {
      method: 'POST',
      body: Buffer.from([0xff, 0xff, 0xff]),
      headers: { 'content-type': 'application/x-protobuf' },
    });
    expect(notProtobuf.status).toBe(400);
    expect(notProtobuf.body.message).toMatch(/^invalid protobuf: /);

    const notGzip = await app.request(ROUTE, {
      method: 'POST',
      body: '{"resourceSpans":[]}',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    });
    expect(notGzip.status).toBe(400);
    expect(notGzip.body.message).toMatch(/^gzip decode failed: /);

    const text = await app.request(ROUTE, { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    expect(text.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });

    const xml = await app.request(ROUTE, { method: 'POST', body: '<a/>', headers: { 'content-type': 'application/xml' } });
    expect(xml.status).toBe(415);
    expect(xml.body).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('answers 400 for JSON that is not an export request', async () => {
    const response = await app.request(ROUTE, { method: 'POST', body: { resourceSpans: 'no' } });
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('invalid OTLP request: resourceSpans must be an array');
  });

  it('needs credentials', async () => {
    const [captured] = loadFixture('otel-plain-proto-gzip-and-json').filter((r) => r.json);
    const response = await app.request(ROUTE, { method: 'POST', body: captured.json, anonymous: true });
    expect(response.status).toBe(401);
  });

  it('does not take protobuf bodies on other routes', async () => {
    const response = await app.request('/api/public/ingestion', {
      method: 'POST',
      body: Buffer.from([1, 2]),
      headers: { 'content-type': 'application/x-protobuf' },
    });
    expect(response.status).toBe(415);
  });
});

describe('POST /api/public/otel/v1/traces: compat switch and overload', () => {
  const span = (spanId: string) => ({
    resourceSpans: [
      { scopeSpans: [{ spans: [{ traceId: 'cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd', spanId, name: 's', startTimeUnixNano: '1795248400000000000' }] }] },
    ],
  });

  it('takes exports without credentials only with XTRACE_ALLOW_UNAUTHENTICATED_COMPAT and no key pair', async () => {
    const open = await createTestApp({ XTRACE_ALLOW_UNAUTHENTICATED_COMPAT: 'true' });
    try {
      expect((await open.request(ROUTE, { method: 'POST', body: span('0000000000000001'), anonymous: true })).status).toBe(200);
      const wrongBearer = await open.request(ROUTE, { method: 'POST', body: span('0000000000000002'), headers: { authorization: 'Bearer nope-nope' } });
      expect(wrongBearer.status).toBe(401);
      // The switch opens only the compat routes.
      expect((await open.request('/api/public/ingestion', { method: 'POST', body: { batch: [] }, anonymous: true })).status).toBe(401);
    } finally {
      await open.close();
    }
  });

  it('answers 503 with Retry-After when the ingest queue is full', async () => {
    const busy = await createTestApp({ XTRACE_INGEST_QUEUE_MAX_ROWS: '1', XTRACE_INGEST_FLUSH_MS: '1000' });
    try {
      const responses = await Promise.all(
        ['0000000000000003', '0000000000000004'].map((spanId) => busy.request(ROUTE, { method: 'POST', body: span(spanId) })),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([200, 503]);
      const rejected = responses.find((response) => response.status === 503)!;
      expect(rejected.headers.get('retry-after')).toBe('1');
    } finally {
      await busy.close();
    }
  });
});
