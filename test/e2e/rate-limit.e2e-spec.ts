import { randomBytes } from 'node:crypto';
import { createTestApp, type TestApp, type TestResponse } from '../setup/create-test-app.js';
import { startRedis, type TestRedis } from '../setup/redis.js';

const basic = (value: string) => `Basic ${Buffer.from(value).toString('base64')}`;
const QUERY_ROUTE = '/api/public/traces';

function expectRateLimited(response: TestResponse): void {
  expect(response.status).toBe(429);
  const retryAfter = Number(response.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
  expect(response.body).toMatchObject({
    message: 'Too Many Requests',
    code: 'TOO_MANY_REQUESTS',
    data: null,
    meta: { rate_limit: { remaining: 0, reset_at: expect.any(String) } },
  });
  const resetAt = Date.parse(response.body.meta.rate_limit.reset_at);
  expect(resetAt).toBeGreaterThan(Date.now() - 1000);
  expect(resetAt).toBeLessThanOrEqual(Date.now() + retryAfter * 1000 + 1000);
}

describe('per-credential rate limits', () => {
  let app: TestApp;
  const basicA = basic('pk-rl:sk-rl');
  beforeAll(async () => {
    app = await createTestApp({
      RATE_LIMIT_QPS: '1',
      RATE_LIMIT_BURST: '3',
      XTRACE_PUBLIC_KEY: 'pk-rl',
      XTRACE_SECRET_KEY: 'sk-rl',
    });
  });
  afterAll(() => app.close());

  it('lets a burst through, then answers 429 with Retry-After, while another credential is unaffected', async () => {
    for (let i = 0; i < 3; i++) expect((await app.request(QUERY_ROUTE)).status).toBe(200);
    expectRateLimited(await app.request(QUERY_ROUTE));
    // the budget is per credential, shared by every query route
    expectRateLimited(await app.request(`${QUERY_ROUTE}/some-trace-id`));
    expect((await app.request(QUERY_ROUTE, { headers: { authorization: basicA } })).status).toBe(200);
  });

  it('does not rate limit ingest', async () => {
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      const response = await app.request('/v1/l/batch', { method: 'POST', body: { observations: [] } });
      statuses.push(response.status);
    }
    expect(statuses).toEqual(Array(8).fill(200));
  });

  it('answers 401, not 429, to bad credentials, and does not count them', async () => {
    for (let i = 0; i < 6; i++) {
      const response = await app.request(QUERY_ROUTE, { headers: { authorization: 'Bearer not-the-token' } });
      expect(response.status).toBe(401);
    }
  });

  it('reports rejections with masked tokens', async () => {
    const stats = await app.request('/api/internal/rate_limit_stats');
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({ rate_limit_qps: 1, rate_limit_burst: 3 });
    expect(stats.body.total_rejected).toBeGreaterThanOrEqual(2);
    expect(stats.body.top_rejected_tokens[0]).toEqual({ token: expect.stringMatching(/^bearer:[0-9a-f]{8}\*\*\*$/), count: expect.any(Number) });
    expect(stats.text).not.toContain(app.token.slice(0, 8));
  });

  it('refills at the sustained rate', async () => {
    let rejected = await app.request(QUERY_ROUTE);
    // Earlier tests may have left a refilled token: spend until the limiter says no.
    for (let i = 0; i < 10 && rejected.status !== 429; i++) rejected = await app.request(QUERY_ROUTE);
    expectRateLimited(rejected);
    await new Promise((done) => setTimeout(done, Number(rejected.headers.get('retry-after')) * 1000 + 100));
    expect((await app.request(QUERY_ROUTE)).status).toBe(200);
  });
});

describe('rate limits shared through Redis', () => {
  let redis: TestRedis;
  let first: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    redis = await startRedis();
    const env = {
      REDIS_URL: redis.url,
      RATE_LIMIT_QPS: '0.2',
      RATE_LIMIT_BURST: '4',
      API_BEARER_TOKEN: `shared_${randomBytes(12).toString('hex')}`,
    };
    [first, second] = await Promise.all([createTestApp(env), createTestApp(env)]);
  });
  afterAll(async () => {
    await Promise.all([first?.close(), second?.close()]);
    await redis?.stop();
  });

  it('spends one budget across two instances', async () => {
    const statuses: number[] = [];
    for (const app of [first, second, first, second, first, second]) {
      statuses.push((await app.request(QUERY_ROUTE)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
