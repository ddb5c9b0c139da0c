import { ConfigError, loadAppConfig } from './app-config.js';

function problemsOf(env: Record<string, string>): string {
  try {
    loadAppConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadAppConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadAppConfig({});
    expect(config.server).toEqual({ host: '127.0.0.1', port: 8742, maxBodyBytes: 20 * 1024 * 1024, requestTimeoutMs: 30_000 });
    expect(config.rateLimit).toEqual({ qps: 20, burst: 40, redisUrl: undefined });
    expect(config.project.defaultId).toBe('default');
    expect(config.auth.allowUnauthenticatedCompat).toBe(false);
    expect(config.db).toEqual({ url: undefined, dataDir: './.xtrace' });
  });

  it('prefers the XTRACE_ key names over the legacy LANGFUSE_ ones', () => {
    const config = loadAppConfig({
      XTRACE_PUBLIC_KEY: 'pk-x',
      LANGFUSE_PUBLIC_KEY: 'pk-l',
      LANGFUSE_SECRET_KEY: 'sk-l',
    });
    expect(config.auth.publicKey).toBe('pk-x');
    expect(config.auth.secretKey).toBe('sk-l');
  });

  it.each([
    [{ RATE_LIMIT_QPS: '0' }, 'RATE_LIMIT_QPS'],
    [{ RATE_LIMIT_QPS: '-3' }, 'RATE_LIMIT_QPS'],
    [{ RATE_LIMIT_BURST: 'lots' }, 'RATE_LIMIT_BURST'],
    [{ RATE_LIMIT_BURST: '0' }, 'RATE_LIMIT_BURST'],
    [{ BIND_ADDR: 'localhost' }, 'BIND_ADDR'],
    [{ BIND_ADDR: '127.0.0.1:99999' }, 'BIND_ADDR'],
    [{ DATABASE_URL: 'mysql://db/x', API_BEARER_TOKEN: 'long-enough-token' }, 'DATABASE_URL'],
    [{ DATABASE_URL: 'postgres://db/x' }, 'API_BEARER_TOKEN'],
    [{ XTRACE_ALLOW_UNAUTHENTICATED_COMPAT: 'maybe' }, 'XTRACE_ALLOW_UNAUTHENTICATED_COMPAT'],
    [{ XTRACE_MAX_REQUEST_BODY_BYTES: '12abc' }, 'XTRACE_MAX_REQUEST_BODY_BYTES'],
    [{ REDIS_URL: 'http://cache' }, 'REDIS_URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('rejects %j naming %s', (env, variable) => {
    expect(problemsOf(env)).toContain(variable);
  });

  it('reads the compat switch case-insensitively', () => {
    expect(loadAppConfig({ XTRACE_ALLOW_UNAUTHENTICATED_COMPAT: 'TRUE' }).auth.allowUnauthenticatedCompat).toBe(true);
    expect(loadAppConfig({ XTRACE_ALLOW_UNAUTHENTICATED_COMPAT: '1' }).auth.allowUnauthenticatedCompat).toBe(true);
    expect(loadAppConfig({ XTRACE_ALLOW_UNAUTHENTICATED_COMPAT: '0' }).auth.allowUnauthenticatedCompat).toBe(false);
  });

  it('treats empty values as unset', () => {
    expect(loadAppConfig({ DATABASE_URL: '', RATE_LIMIT_QPS: '' }).rateLimit.qps).toBe(20);
  });
});
