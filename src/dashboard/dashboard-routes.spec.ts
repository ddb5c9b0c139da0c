import { isDashboardRoute } from './dashboard-routes.js';

describe('isDashboardRoute', () => {
  it('should send browser routes to the dashboard', () => {
    for (const path of ['/', '/traces', '/traces/abc?range=24h', '/sessions/s-1', '/metrics', '/apis-are-not-api', '/v1beta']) {
      expect(isDashboardRoute(path)).toBe(true);
    }
  });

  it('should never shadow the API, the docs, the probes or missing assets', () => {
    for (const path of ['/api', '/api/public/nope', '/v1/l/batch', '/docs', '/docs/json', '/healthz', '/readyz?x=1', '/assets/missing.js']) {
      expect(isDashboardRoute(path)).toBe(false);
    }
  });
});
