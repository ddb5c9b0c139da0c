import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';
import { rawRequest } from '../../setup/raw-http.js';

describe('dashboard serving', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await createTestApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('should serve the dashboard page at / without credentials', async () => {
    const response = await app.request('/', { anonymous: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.text).toContain('<div id="root"></div>');
    expect(response.headers.get('cache-control')).toBe('no-cache');
  });

  it('should answer deep links with the page so the browser router can take over', async () => {
    for (const path of ['/traces', '/traces/0af7651916cd43dd8448eb211c80319c?observation=b7ad6b7169203331', '/sessions/s-1', '/metrics?name=x']) {
      const response = await app.request(path, { anonymous: true });
      expect({ path, status: response.status, html: response.text.includes('<div id="root"></div>') }).toEqual({ path, status: 200, html: true });
    }
  });

  it('should serve the hashed assets the page references, cacheable for good', async () => {
    const page = await app.request('/', { anonymous: true });
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    const response = await app.request(script!, { anonymous: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('javascript');
    expect(response.headers.get('cache-control')).toContain('immutable');
  });

  it('should send assets compressed to browsers that accept it, and as they are to the rest', async () => {
    const page = await app.request('/', { anonymous: true });
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(page.text)![1];
    const get = (acceptEncoding?: string) =>
      rawRequest(app.baseUrl, { method: 'GET', path: script, headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} });
    const plain = await get();
    expect([plain.status, plain.headers['content-encoding']]).toEqual([200, undefined]);
    for (const [accepted, decode] of [
      ['br, gzip', brotliDecompressSync],
      ['gzip', gunzipSync],
    ] as const) {
      const compressed = await get(accepted);
      expect([accepted, compressed.status, compressed.headers['content-encoding']]).toEqual([accepted, 200, accepted.split(',')[0]]);
      expect(compressed.headers['content-type']).toContain('javascript');
      expect(compressed.headers['cache-control']).toContain('immutable');
      expect(compressed.body.length).toBeLessThan(plain.body.length / 2);
      expect(decode(compressed.body).equals(plain.body)).toBe(true);
    }
  });

  it('should keep JSON 404 envelopes for unknown API, ingest, docs and asset paths', async () => {
    for (const path of ['/api/public/does-not-exist', '/api', '/v1/nope', '/docs/nope', '/assets/missing.js']) {
      const response = await app.request(path);
      expect({ path, status: response.status, code: response.body?.code }).toEqual({ path, status: 404, code: 'NOT_FOUND' });
      expect(response.headers.get('content-type')).toContain('application/json');
    }
  });

  it('should not open the API to anonymous callers', async () => {
    const response = await app.request('/api/public/traces', { anonymous: true });
    expect(response.status).toBe(401);
    expect(response.body).toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('should leave the probes and the docs alone', async () => {
    expect((await app.request('/healthz', { anonymous: true })).body).toEqual({ status: 'ok' });
    expect((await app.request('/readyz', { anonymous: true })).body).toEqual({ status: 'ready' });
    const docs = await app.request('/docs/json', { anonymous: true });
    expect(docs.status).toBe(200);
    expect(docs.body.openapi).toMatch(/^3\./);
  });

  it('should not answer non-GET requests with the page', async () => {
    const response = await app.request('/traces', { method: 'POST', body: {} });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
  });
});
