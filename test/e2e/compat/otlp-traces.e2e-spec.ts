import { gzipSync } from 'node:zlib';
import { loadFixture } from '../../fixtures/fixtures.js';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';

const ROUTE = '/api/public/otel/v1/traces';

describe('POST /api/public/otel/v1/traces', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ XTRACE_MAX_REQUEST_BODY_BYTES: String(1024 * 1024) });
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
