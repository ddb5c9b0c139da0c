import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpRequest } from '../setup/create-test-app.js';
import { startServer } from '../setup/server-process.js';

describe('start-up', () => {
  it('with no environment: embedded PostgreSQL, a generated token printed once, reused after restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'xtrace-start-'));
    const env = { XTRACE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' };

    const first = await startServer(env);
    const token = readFileSync(join(dataDir, 'api-token'), 'utf8').trim();
    expect(token).toMatch(/^xt_[A-Za-z0-9_-]{20,}$/);
    expect(first.output()).toContain(`API token (generated now`);
    expect(first.output()).toContain(token);
    expect(first.output()).toContain(`${first.baseUrl}/docs`);
    expect(first.output()).toContain(`${first.baseUrl}/#token=${token}`);
    expect(existsSync(join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
    expect((await httpRequest(first.baseUrl, token, '/readyz')).body).toEqual({ status: 'ready' });
    expect((await httpRequest(first.baseUrl, token, '/api/internal/rate_limit_stats')).status).toBe(200);
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await startServer(env);
    try {
      expect(second.output()).not.toContain('API token (generated now');
      expect(second.output()).not.toContain(token);
      expect((await httpRequest(second.baseUrl, token, '/api/internal/rate_limit_stats')).status).toBe(200);
    } finally {
      // SIGHUP drains like SIGTERM and SIGINT.
      expect(await second.stop('SIGHUP')).toBe(0);
    }
  }, 120_000);

  it.each([
    [{ RATE_LIMIT_QPS: '0' }, 'RATE_LIMIT_QPS'],
    [{ RATE_LIMIT_BURST: 'many' }, 'RATE_LIMIT_BURST'],
    [{ BIND_ADDR: 'not-an-address' }, 'BIND_ADDR'],
    [{ DATABASE_URL: 'not a url', API_BEARER_TOKEN: 'a-long-enough-token' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://127.0.0.1:1/none' }, 'API_BEARER_TOKEN'],
  ])('stops with one line naming the variable for %j', async (env, variable) => {
    const server = await startServer(env as Record<string, string>, { waitReady: false });
    expect(await server.exited).toBe(1);
    const lines = server.output().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^xtrace: invalid configuration: /);
    expect(lines[0]).toContain(variable);
  });
});
