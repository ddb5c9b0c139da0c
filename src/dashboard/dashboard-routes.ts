/**
 * Path prefixes the dashboard's history fallback never answers: the APIs, the docs and the
 * probes keep their JSON 404s, and a missing hashed asset is a 404, not the HTML page.
 */
const NOT_DASHBOARD = ['/api', '/v1', '/docs', '/healthz', '/readyz', '/assets'];

/** Whether a GET for `url` that matched no file should get the dashboard page. */
export function isDashboardRoute(url: string): boolean {
  const path = url.split('?', 1)[0];
  return !NOT_DASHBOARD.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}
