import { randomBytes, randomUUID } from 'node:crypto';
import { type ServerProcess, startServer } from './server-process.js';

export interface TestApp {
  server: ServerProcess;
  baseUrl: string;
  token: string;
  projectId: string;
  databaseUrl: string;
  /** fetch against the app with the bearer token unless `headers.authorization` is given. */
  request(path: string, init?: TestRequestInit): Promise<TestResponse>;
  close(): Promise<void>;
}

export interface TestRequestInit {
  method?: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send no Authorization header at all. */
  anonymous?: boolean;
}

export interface TestResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body (undefined when it is not JSON). */
  body: any;
}

export function testDatabaseUrl(): string {
  const url = process.env.XTRACE_TEST_DATABASE_URL;
  if (!url) throw new Error('XTRACE_TEST_DATABASE_URL is not set: run through the e2e jest project');
  return url;
}

/**
 * Starts the real, built xtrace server against the test PostgreSQL on a free loopback
 * port. Each app gets its own project id and bearer token, so tests isolate by tenant
 * instead of truncating tables. `env` overrides any variable.
 */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const databaseUrl = testDatabaseUrl();
  const token = env.API_BEARER_TOKEN ?? `test_${randomBytes(16).toString('hex')}`;
  const projectId = env.DEFAULT_PROJECT_ID ?? `test-${randomUUID()}`;
  const server = await startServer({
    DATABASE_URL: databaseUrl,
    API_BEARER_TOKEN: token,
    DEFAULT_PROJECT_ID: projectId,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_QPS: '1000',
    RATE_LIMIT_BURST: '1000',
    ...env,
  });
  return {
    server,
    baseUrl: server.baseUrl,
    token,
    projectId,
    databaseUrl,
    request: (path, init) => httpRequest(server.baseUrl, token, path, init),
    close: async () => {
      await server.stop();
    },
  };
}

export async function httpRequest(
  baseUrl: string,
  token: string | undefined,
  path: string,
  init: TestRequestInit = {},
): Promise<TestResponse> {
  const headers: Record<string, string> = { ...init.headers };
  const has = (name: string) => Object.keys(headers).some((key) => key.toLowerCase() === name);
  if (!init.anonymous && token && !has('authorization')) headers.authorization = `Bearer ${token}`;
  let body: string | Buffer | undefined;
  if (init.body !== undefined) {
    body = typeof init.body === 'string' || Buffer.isBuffer(init.body) ? init.body : JSON.stringify(init.body);
    if (!has('content-type')) headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${baseUrl}${path}`, { method: init.method ?? 'GET', headers, body });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, text, body: parsed };
}
