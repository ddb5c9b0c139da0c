import { createTestApp, type TestApp } from '../setup/create-test-app.js';

/** Every endpoint of the wire contract (API.md), as OpenAPI path templates. */
const CONTRACT: [method: string, path: string][] = [
  ['get', '/healthz'],
  ['get', '/readyz'],
  ['get', '/api/public/health'],
  ['get', '/api/internal/rate_limit_stats'],
  ['post', '/v1/l/batch'],
  ['post', '/v1/metrics/batch'],
  ['get', '/api/public/traces'],
  ['delete', '/api/public/traces'],
  ['get', '/api/public/traces/{traceId}'],
  ['delete', '/api/public/traces/{traceId}'],
  ['get', '/api/public/projects'],
  ['post', '/api/public/ingestion'],
  ['post', '/api/public/otel/v1/traces'],
  ['get', '/api/public/observations'],
  ['get', '/api/public/observations/{observationId}'],
  ['get', '/api/public/v2/observations'],
  ['get', '/api/public/sessions'],
  ['get', '/api/public/sessions/{sessionId}'],
  ['post', '/api/public/scores'],
  ['get', '/api/public/v2/scores'],
  ['get', '/api/public/v2/scores/{scoreId}'],
  ['delete', '/api/public/scores/{scoreId}'],
  ['get', '/api/public/metrics/names'],
  ['get', '/api/public/metrics/labels'],
  ['get', '/api/public/metrics/query'],
  ['get', '/api/public/metrics/daily'],
  ['get', '/api/public/models'],
  ['post', '/api/public/models'],
  ['post', '/api/public/models/reprice'],
];

describe('the OpenAPI document', () => {
  let app: TestApp;
  let document: any;
  beforeAll(async () => {
    app = await createTestApp();
    const response = await app.request('/docs/json', { anonymous: true });
    expect(response.status).toBe(200);
    document = response.body;
  });
  afterAll(() => app.close());

  it.each(CONTRACT)('lists %s %s', (method, path) => {
    const normalized = Object.fromEntries(
      Object.entries(document.paths as Record<string, object>).map(([key, value]) => [key.replace(/\{[^}]+\}/g, '{}'), value]),
    );
    expect(normalized[path.replace(/\{[^}]+\}/g, '{}')]).toHaveProperty(method);
  });

  it('declares the bearer and basic security schemes and requires one of them', () => {
    expect(document.components.securitySchemes).toMatchObject({
      bearer: { type: 'http', scheme: 'bearer' },
      basic: { type: 'http', scheme: 'basic' },
    });
    expect(document.security).toEqual(expect.arrayContaining([{ bearer: [] }, { basic: [] }]));
  });

  it('serves the Swagger UI at /docs without credentials', async () => {
    const response = await app.request('/docs', { anonymous: true });
    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger');
  });
});
