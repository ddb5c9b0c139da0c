import { type ClientRequest, request as httpRequestRaw } from 'node:http';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';

const basic = (value: string) => `Basic ${Buffer.from(value).toString('base64')}`;
const PROTECTED = '/api/internal/rate_limit_stats';

function expectUnauthorized(response: { status: number; body: any }): void {
  expect(response.status).toBe(401);
  expect(response.body).toMatchObject({ message: 'Unauthorized', code: 'UNAUTHORIZED', requestId: expect.any(String) });
}

describe('authentication with a bearer token and a key pair', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ XTRACE_PUBLIC_KEY: 'pk-lf-test', XTRACE_SECRET_KEY: 'sk-lf-test' });
  });
  afterAll(() => app.close());

  const call = (authorization?: string, path = PROTECTED) =>
    app.request(path, authorization === undefined ? { anonymous: true } : { headers: { authorization } });

  it('accepts the bearer token, with any case of the scheme', async () => {
    expect((await call(`Bearer ${app.token}`)).status).toBe(200);
    expect((await call(`bearer ${app.token}`)).status).toBe(200);
    expect((await call(`BEARER ${app.token}`)).status).toBe(200);
  });

  it('accepts Basic with the public and secret key', async () => {
    expect((await call(basic('pk-lf-test:sk-lf-test'))).status).toBe(200);
  });

  it.each([
    ['a wrong bearer token', () => `Bearer ${'x'.repeat(40)}`],
    ['a prefix of the token', (token: string) => `Bearer ${token.slice(0, -1)}`],
    ['the token plus a character', (token: string) => `Bearer ${token}x`],
    ['a wrong secret key', () => basic('pk-lf-test:sk-wrong')],
    ['a wrong public key', () => basic('pk-wrong:sk-lf-test')],
    ['Basic without a colon', () => basic('pk-lf-test')],
    ['Basic with invalid base64', () => 'Basic %%%%'],
    ['no space after the scheme', (token: string) => `Bearer${token}`],
    ['a scheme alone', () => 'Bearer'],
    ['an unknown scheme', (token: string) => `Token ${token}`],
    ['the token without a scheme', (token: string) => token],
    ['an empty header', () => ''],
  ])('refuses %s', async (_case, header) => {
    expectUnauthorized(await call(header(app.token)));
  });

  it('refuses a request without credentials', async () => {
    expectUnauthorized(await call());
  });

  /** POSTs headers announcing a body of `length` bytes; `send` decides when (if ever) the body follows. */
  const announceBody = (authorization: string | undefined, length: number, send: (request: ClientRequest) => void) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequestRaw(`${app.baseUrl}/v1/l/batch`, {
        method: 'POST',
        headers: { ...(authorization && { authorization }), 'content-type': 'application/json', 'content-length': String(length) },
        timeout: 5_000,
      });
      request.on('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk));
        response.on('end', () => {
          resolve({ status: response.statusCode ?? 0, body });
          request.destroy();
        });
      });
      request.on('timeout', () => request.destroy(new Error('no answer within 5 s')));
      request.on('error', reject);
      request.flushHeaders();
      send(request);
    });

  it('refuses a body without valid credentials before reading it', async () => {
    // The body is announced but never sent: only an answer that does not wait for it can arrive.
    for (const authorization of [`Bearer ${'x'.repeat(40)}`, basic('pk-lf-test:sk-wrong'), undefined]) {
      const answer = await announceBody(authorization, 10_000_000, () => undefined);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });

  it('waits for the body of a request with valid credentials', async () => {
    const body = Buffer.from(JSON.stringify({ trace: { id: `early-auth-${Date.now()}`, name: 'early-auth' } }));
    let answeredEarly = false;
    const answer = await announceBody(basic('pk-lf-test:sk-lf-test'), body.length, (request) => {
      request.once('response', () => (answeredEarly = !request.writableEnded));
      setTimeout(() => request.end(body), 300);
    });
    expect(answeredEarly).toBe(false);
    expect(answer.status).toBe(200);
  });

  it('never lets a second Authorization header in through the back door', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequestRaw(`${app.baseUrl}${PROTECTED}`, { method: 'GET' }, (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.setHeader('Authorization', ['Bearer wrong-token-here', `Bearer ${app.token}`]);
      request.on('error', reject);
      request.end();
    });
    expect(status).toBe(401);
  });

  it('keeps health public', async () => {
    expect((await call(undefined, '/healthz')).status).toBe(200);
    expect((await call(undefined, '/readyz')).status).toBe(200);
    expect((await call(undefined, '/api/public/health')).status).toBe(200);
    expect((await call(undefined, '/docs/json')).status).toBe(200);
  });
});

describe('authentication without a key pair', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('never authenticates Basic', async () => {
    expectUnauthorized(await app.request(PROTECTED, { headers: { authorization: basic(':') } }));
    expectUnauthorized(await app.request(PROTECTED, { headers: { authorization: basic('pk:sk') } }));
  });
});
