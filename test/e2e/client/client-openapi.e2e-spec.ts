import { readFileSync } from 'node:fs';
import { API_ROUTES } from 'xtrace-client';
import { GENERATED_TYPES_URL, openApiToTypeScript } from '../../../client/scripts/openapi-to-ts.mjs';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';

/** Every operation `Client` calls: [method, OpenAPI path]. */
const CLIENT_OPERATIONS: [string, string][] = [
  ['get', API_ROUTES.healthz],
  ['get', API_ROUTES.readyz],
  ['post', API_ROUTES.ingestBatch],
  ['get', API_ROUTES.traces],
  ['delete', API_ROUTES.traces],
  ['get', API_ROUTES.trace],
  ['delete', API_ROUTES.trace],
  ['get', API_ROUTES.observations],
  ['get', API_ROUTES.observation],
  ['get', API_ROUTES.sessions],
  ['get', API_ROUTES.session],
  ['post', API_ROUTES.scores],
  ['get', API_ROUTES.scoresV2],
  ['post', API_ROUTES.metricsBatch],
  ['get', API_ROUTES.metricNames],
  ['get', API_ROUTES.metricLabels],
  ['get', API_ROUTES.metricsQuery],
  ['get', API_ROUTES.metricsDaily],
  ['get', API_ROUTES.models],
  ['post', API_ROUTES.models],
];

function firstDifference(actual: string, expected: string): string | undefined {
  if (actual === expected) return undefined;
  const actualLines = actual.split('\n');
  const expectedLines = expected.split('\n');
  const index = actualLines.findIndex((line, at) => line !== expectedLines[at]);
  const line = index === -1 ? actualLines.length : index;
  return `line ${line + 1}: checked in ${JSON.stringify(actualLines[line])}, server emits ${JSON.stringify(expectedLines[line])}`;
}

describe('xtrace-client types generated from the OpenAPI document', () => {
  let app: TestApp;
  let document: { paths: Record<string, Record<string, unknown>> };
  beforeAll(async () => {
    app = await createTestApp();
    const response = await app.request('/docs/json', { anonymous: true });
    expect(response.status).toBe(200);
    document = response.body;
  });
  afterAll(() => app.close());

  it('are what the current server emits (else run `npm run client:generate`)', async () => {
    const emitted = await openApiToTypeScript(document);
    const checkedIn = readFileSync(GENERATED_TYPES_URL, 'utf8');
    expect(firstDifference(checkedIn, emitted)).toBeUndefined();
  });

  it('describe every operation the client calls', () => {
    const missing = CLIENT_OPERATIONS.filter(([method, path]) => !document.paths[path]?.[method]).map(
      ([method, path]) => `${method.toUpperCase()} ${path}`,
    );
    expect(missing).toEqual([]);
  });
});
