import { randomBytes, randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';
import { ALL_DOORS, countAcknowledged, findMissing, rejectedSpans, startLoad } from '../../setup/ingest-load.js';
import { deepOtlpProtobuf, otlpProtobuf } from '../../setup/hostile-values.js';
import { sleep } from '../../setup/reliability.js';

interface Poison {
  name: string;
  path: string;
  contentType: string;
  body: string | Uint8Array;
}

const DEEP = 10_000;
const nestedJson = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const now = () => new Date().toISOString();

/** Each door gets each poison: a NUL, a lone surrogate, absurd numbers, 10,000-deep nesting. */
function poisons(): Poison[] {
  const json = (name: string, path: string, body: string): Poison => ({ name, path, contentType: 'application/json', body });
  const nativeTrace = (field: string) =>
    `{"trace":{"id":"${randomUUID()}","timestamp":"${now()}",${field}},"observations":[]}`;
  const nativeObservation = (field: string) => {
    const traceId = randomUUID();
    return `{"trace":{"id":"${traceId}"},"observations":[{"id":"${randomUUID()}","traceId":"${traceId}",${field}}]}`;
  };
  // Langfuse and OTLP refuse item by item: each poison travels with a good event or span.
  const langfuse = (type: string, field: string) =>
    `{"batch":[{"id":"${randomUUID()}","type":"trace-create","timestamp":"${now()}","body":{"id":"${randomUUID()}"}},` +
    `{"id":"${randomUUID()}","type":"${type}","timestamp":"${now()}","body":{"id":"${randomUUID()}","traceId":"${randomUUID()}","name":"n",${field}}}]}`;
  const otlp = (spanFields: string) => {
    const traceId = randomBytes(16).toString('hex');
    const start = `${Date.now()}000000`;
    const good = `{"traceId":"${traceId}","spanId":"${randomBytes(8).toString('hex')}","name":"good","startTimeUnixNano":"${start}"}`;
    const poisoned = `{"traceId":"${traceId}","spanId":"${randomBytes(8).toString('hex')}","startTimeUnixNano":"${start}",${spanFields}}`;
    return `{"resourceSpans":[{"scopeSpans":[{"spans":[${good},${poisoned}]}]}]}`;
  };
  const metric = (field: string) => `{"metrics":[{"name":"m","timestamp":"${now()}","value":1,${field}}]}`;
  return [
    json('native NUL', '/v1/l/batch', nativeTrace('"name":"a\\u0000b"')),
    json('native lone surrogate', '/v1/l/batch', nativeTrace('"input":{"text":"\\ud800"}')),
    json('native 1e400', '/v1/l/batch', nativeObservation('"promptTokens":1e400')),
    json('native 1e300 tokens', '/v1/l/batch', nativeObservation('"promptTokens":1e300')),
    json('native latency 1e400', '/v1/l/batch', nativeTrace('"latency":1e400')),
    json('native deep', '/v1/l/batch', nativeTrace(`"input":${nestedJson(DEEP)}`)),
    json('langfuse NUL', '/api/public/ingestion', langfuse('span-create', '"input":"a\\u0000"')),
    json('langfuse lone surrogate', '/api/public/ingestion', langfuse('generation-create', '"output":"\\udfff x"')),
    json('langfuse 1e400', '/api/public/ingestion', langfuse('generation-create', '"usage":{"input":1e400}')),
    json('langfuse 1e300 tokens', '/api/public/ingestion', langfuse('generation-create', '"usageDetails":{"input":1e300}')),
    json('langfuse score 1e400', '/api/public/ingestion', langfuse('score-create', '"value":1e400')),
    json('langfuse deep', '/api/public/ingestion', langfuse('span-create', `"metadata":${nestedJson(DEEP)}`)),
    json('otlp NUL', '/api/public/otel/v1/traces', otlp('"name":"a\\u0000b"')),
    json('otlp lone surrogate', '/api/public/otel/v1/traces', otlp('"name":"\\ud800"')),
    json('otlp absurd time', '/api/public/otel/v1/traces', otlp('"name":"n","startTimeUnixNano":"1e400"')),
    json('otlp huge time', '/api/public/otel/v1/traces', otlp('"name":"n","startTimeUnixNano":"999999999999999999999999999"')),
    json(
      'otlp deep attribute',
      '/api/public/otel/v1/traces',
      otlp(`"name":"n","attributes":[{"key":"k","value":${'{"arrayValue":{"values":['.repeat(DEEP / 2)}{"intValue":1}${']}}'.repeat(DEEP / 2)}}]`),
    ),
    { name: 'otlp protobuf deep', path: '/api/public/otel/v1/traces', contentType: 'application/x-protobuf', body: deepOtlpProtobuf(DEEP) },
    {
      name: 'otlp protobuf NUL',
      path: '/api/public/otel/v1/traces',
      contentType: 'application/x-protobuf',
      body: Buffer.concat([otlpProtobuf(), otlpProtobuf({ name: 'a\u0000b' })]),
    },
    json('metrics NUL', '/v1/metrics/batch', metric('"labels":{"k":"a\\u0000"}')),
    json('metrics lone surrogate', '/v1/metrics/batch', metric('"labels":{"k":"\\ud800"}')),
    json('metrics 1e400', '/v1/metrics/batch', `{"metrics":[{"name":"m","timestamp":"${now()}","value":1e400}]}`),
    json('metrics deep', '/v1/metrics/batch', metric(`"labels":${nestedJson(DEEP)}`)),
  ];
}

describe('poisoned payloads', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it('are refused alone (400, an error in the 207, a rejected span), fast, while every concurrent good request succeeds', async () => {
    const good = startLoad({ baseUrl: app.baseUrl, token: app.token, doors: ALL_DOORS, clientsPerDoor: 1 });
    await sleep(300);
    const answers: { name: string; status: number; protobuf: boolean; answer: Buffer; text: string; ms: number }[] = [];
    // Two passes, each sending all poisons at once, to land them in the writer's groups.
    for (let pass = 0; pass < 2; pass++) {
      answers.push(
        ...(await Promise.all(
          poisons().map(async (poison) => {
            const started = Date.now();
            const response = await fetch(`${app.baseUrl}${poison.path}`, {
              method: 'POST',
              headers: { authorization: `Bearer ${app.token}`, 'content-type': poison.contentType },
              body: poison.body,
            });
            const answer = Buffer.from(await response.arrayBuffer());
            const protobuf = response.headers.get('content-type')?.startsWith('application/x-protobuf') ?? false;
            return { name: poison.name, status: response.status, protobuf, answer, text: protobuf ? '' : answer.toString(), ms: Date.now() - started };
          }),
        )),
      );
    }
    await sleep(300);
    await good.stop();

    // refused whole, or alone: the good event or span beside it is kept
    const refused = (answer: (typeof answers)[number]) =>
      answer.status === 400 ||
      (answer.status === 207 && JSON.parse(answer.text).successes.length === 1 && JSON.parse(answer.text).errors.length === 1) ||
      (answer.status === 200 && rejectedSpans(answer.protobuf, answer.answer) === 1);
    const notRefused = answers.filter((answer) => !refused(answer) || answer.ms > 2000);
    expect(notRefused.map(({ name, status, text, ms }) => ({ name, status, ms, body: text.slice(0, 300) }))).toEqual([]);

    const goodFailures = good.outcomes.filter((outcome) => outcome.status === undefined || outcome.status >= 300);
    expect(goodFailures).toEqual([]);
    const slowest = Math.max(...good.outcomes.map((outcome) => outcome.ms));
    expect(slowest).toBeLessThan(2000);
    expect(countAcknowledged(good.acknowledged)).toBeGreaterThan(0);
    const missing = await findMissing(app.databaseUrl, app.projectId, good.acknowledged);
    expect(missing).toEqual({ traces: [], observations: [], scores: [], metricBatches: [] });
    expect((await app.request('/readyz')).status).toBe(200);
  }, 60_000);
});
