import { randomBytes } from 'node:crypto';
import { answerProblems } from '../../setup/answer-checks.js';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';
import { buildCorpus, type HostileCase, type OpenApiDocument } from '../../setup/hostile-corpus.js';
import { buildDoorRequest } from '../../setup/ingest-load.js';
import { rawRequest, type RawRequest } from '../../setup/raw-http.js';
import { LONG_TESTS, memoryOf } from '../../setup/reliability.js';

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const CONCURRENCY = 6;

describe('hostile input', () => {
  const publicKey = `pk-lf-${randomBytes(12).toString('hex')}`;
  const secretKey = `sk-lf-${randomBytes(12).toString('hex')}`;
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({
      XTRACE_PUBLIC_KEY: publicKey,
      XTRACE_SECRET_KEY: secretKey,
      XTRACE_MAX_REQUEST_BODY_BYTES: String(MAX_BODY_BYTES),
      // the corpus is about hostile values, not request rates
      RATE_LIMIT_QPS: '1000000',
      RATE_LIMIT_BURST: '1000000',
    });
  });
  afterAll(() => app.close());

  it('answers hundreds of hostile requests on every endpoint fast, never 5xx, enveloped, leak-free, and keeps serving good ones', async () => {
    const doc = (await app.request('/docs/json')).body as OpenApiDocument;
    const cases = buildCorpus(doc, { token: app.token, publicKey, secretKey, maxBodyBytes: MAX_BODY_BYTES, exhaustive: LONG_TESTS });
    expect(cases.length).toBeGreaterThanOrEqual(500);
    const goodRequests = goodRequestsFor(doc, app.token);
    const secrets = [app.token, secretKey];
    const before = memoryOf(app.server.child.pid!);

    const problems: { case: string; problems: string[] }[] = [];
    const started = Date.now();
    await forEachConcurrently(cases, CONCURRENCY, async (hostile: HostileCase, index: number) => {
      let found: string[];
      try {
        const response = await rawRequest(app.baseUrl, hostile);
        found = answerProblems(hostile, response, secrets);
        if (hostile.expect && !hostile.expect.includes(response.status)) {
          found.push(`status ${response.status}, expected ${hostile.expect.join('/')}: ${response.body.toString().slice(0, 200)}`);
        }
      } catch (error) {
        found = [`no answer: ${(error as Error).message}`];
      }
      // a good request right after the bad one still succeeds
      const good = goodRequests[index % goodRequests.length];
      const answer = await rawRequest(app.baseUrl, good).catch((error: Error) => ({ status: 0, body: Buffer.from(error.message), ms: 0 }));
      if (answer.status < 200 || answer.status > 299) found.push(`the good request after it got ${answer.status}: ${answer.body.toString().slice(0, 200)}`);
      if (found.length > 0) problems.push({ case: hostile.name, problems: found });
    });
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`hostile corpus: ${cases.length} cases in ${seconds.toFixed(1)} s\n`);

    expect(problems).toEqual([]);
    expect((await app.request('/readyz')).status).toBe(200);
    // The gzip bombs and oversized bodies did not leave the process holding their size.
    const after = memoryOf(app.server.child.pid!);
    expect(after.rssMiB - before.rssMiB).toBeLessThan(150);
  }, 300_000);
});

/** Valid requests to run between hostile ones: a read and each ingest door that exists. */
function goodRequestsFor(doc: OpenApiDocument, token: string): RawRequest[] {
  const headers = { authorization: `Bearer ${token}` };
  const requests: RawRequest[] = [{ method: 'GET', path: '/readyz' }];
  if (doc.paths['/api/public/traces']) requests.push({ method: 'GET', path: '/api/public/traces?limit=1', headers });
  if (doc.paths['/api/public/metrics/names']) requests.push({ method: 'GET', path: '/api/public/metrics/names', headers });
  const doors = [
    ['/v1/l/batch', 'native'],
    ['/api/public/ingestion', 'langfuse'],
    ['/api/public/otel/v1/traces', 'otlp-protobuf'],
    ['/v1/metrics/batch', 'metrics'],
  ] as const;
  for (const [path, door] of doors) {
    if (!doc.paths[path]) continue;
    const request = buildDoorRequest(door, 1);
    requests.push({ method: 'POST', path, headers: { ...headers, ...request.headers }, body: request.body });
  }
  return requests;
}

async function forEachConcurrently<T>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
