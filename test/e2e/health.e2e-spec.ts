import { createTestApp, type TestApp } from '../setup/create-test-app.js';

describe('health', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('answers /healthz and /readyz without credentials', async () => {
    const healthz = await app.request('/healthz', { anonymous: true });
    expect(healthz.status).toBe(200);
    expect(healthz.body).toEqual({ status: 'ok' });
    const readyz = await app.request('/readyz', { anonymous: true });
    expect(readyz.status).toBe(200);
    expect(readyz.body).toEqual({ status: 'ready' });
  });

  it('answers the Langfuse health check', async () => {
    const response = await app.request('/api/public/health', { anonymous: true });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'OK', version: expect.any(String) });
  });
});
