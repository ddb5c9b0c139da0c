import { randomBytes, randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import {
  HOSTILE_RAW_ENCODINGS,
  HOSTILE_STRINGS,
  deepOtlpProtobuf,
  field,
  otlpProtobuf,
  otlpSpanJson,
} from './hostile-values.js';
import type { RawRequest } from './raw-http.js';

/** One hostile request and what its answer must be beyond the rules every answer follows. */
export interface HostileCase extends RawRequest {
  name: string;
  /** Statuses this case must get, when the right answer is definite (401, 413…). */
  expect?: number[];
}

export interface CorpusContext {
  token: string;
  publicKey: string;
  secretKey: string;
  /** Body limit the server runs with (bytes, after gzip decoding). */
  maxBodyBytes: number;
  /** Every value per field and parameter (XTRACE_LONG_TESTS); otherwise a rotating subset. */
  exhaustive: boolean;
}

interface SaltedContext extends CorpusContext {
  salt: number;
}

interface OpenApiOperation {
  parameters?: { name: string; in: string }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
type Schema = { $ref?: string; type?: string; properties?: Record<string, Schema>; items?: Schema; example?: unknown; enum?: unknown[]; format?: string };
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

const GZIP_PATHS = ['/api/public/ingestion', '/api/public/otel/v1/traces'];
/** SQL and a sleep go into every parameter whatever the budget. */
const ALWAYS = ["'; DROP TABLE traces; --", "x'); SELECT pg_sleep(5); --", '(SELECT pg_sleep(5))'];

/** Odd numbers for numeric parameters (page, limit, value): NaN, infinities, overflow, negative. */
const HOSTILE_NUMBERS = ['NaN', 'Infinity', '-Infinity', '1e400', '-1', '0', '1.5', '0x10', '1000000000000', '99999999999999999999999999999'];
/** Odd times for time parameters. */
const HOSTILE_TIMES = [
  'not-a-date',
  '2026-13-45T99:99:99Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2026-01-01T00:00:00+25:00',
  '1e400',
  '-1',
];

/** JSON values (as text) that replace each leaf of a valid body, one at a time. */
const HOSTILE_JSON: string[] = [
  'null',
  'true',
  '0',
  '-1',
  '1.5',
  '1e400',
  '-1e400',
  '1e308',
  '9007199254740993',
  '1e-400',
  '""',
  '[]',
  '{}',
  '[1,"a",null]',
  '{"a":{"b":[1]}}',
  '"NaN"',
  '"Infinity"',
  '"not-a-date"',
  '"2026-13-45T99:99:99Z"',
  '"+275760-09-13T00:00:00.001Z"',
  '"-271821-04-20T00:00:00Z"',
  '"0000-01-01T00:00:00Z"',
  '"2026-01-01T00:00:00+25:00"',
  '"\\u0000"',
  '"\\udc00"',
  '"😀\\u202e"',
  JSON.stringify("'; DROP TABLE traces; --"),
  JSON.stringify('(SELECT pg_sleep(5))'),
  JSON.stringify('../../../etc/passwd'),
  JSON.stringify('x'.repeat(100_000)),
];

/** Malformed or odd JSON documents, sent whole. */
const MALFORMED_JSON: string[] = [
  '{',
  '}',
  '{"a":}',
  '[,]',
  "{'a':1}",
  '{"a":1,}',
  'NaN',
  '{"a":NaN}',
  '{"a":Infinity}',
  '{"a":-}',
  '{"a":01}',
  '{"a":"\\x41"}',
  '{"a":"\\u12"}',
  '{"a":"unterminated}',
  '{"a":1}{"b":2}',
  '{"a":1} trailing',
  '\ufeff{}',
  '/* comment */ {}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a":1,"a":2}',
  'null',
  'true',
  '0',
  '"string"',
  '[]',
  '[{}]',
  ' ',
  '\u0000',
  '{"a":"\u0000"}',
];

const CONTENT_TYPES: (string | undefined)[] = [
  undefined,
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=latin1',
  'application/jsonx',
  'application/x-protobuf',
  '*/*',
  'application/json, text/plain',
  'APPLICATION/JSON',
];

const ODD_AUTHORIZATION: string[] = [
  'Bearer',
  'Bearer ',
  'BearerTOKEN',
  'bearer wrong-token',
  'Token abc',
  'Basic',
  'Basic ',
  'Basic !!!not-base64!!!',
  `Basic ${Buffer.from('no-colon').toString('base64')}`,
  `Basic ${Buffer.from(':').toString('base64')}`,
  `Basic ${Buffer.from('pk:').toString('base64')}`,
  `Basic ${Buffer.from('\u0000:\u0000').toString('base64')}`,
  'Basic ====',
  'Digest username="x"',
  `Bearer ${'a'.repeat(8000)}`,
  'Bearer \u00e9\u00e9',
];

export function buildCorpus(doc: OpenApiDocument, context: CorpusContext): HostileCase[] {
  const cases: HostileCase[] = [];
  let route = 0;
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const verb = method.toUpperCase();
      if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(verb)) continue;
      // `route` rotates the values each route gets, so together the routes cover them all
      const salted = { ...context, salt: route++ };
      cases.push(...pathParameterCases(verb, path, operation, salted));
      cases.push(...queryParameterCases(verb, path, operation, salted));
      if (['POST', 'PUT', 'PATCH'].includes(verb)) {
        cases.push(...bodyCases(verb, path, operation, doc, salted));
      }
      cases.push(...authorizationCases(verb, path, operation, salted));
    }
  }
  if (doc.paths['/api/public/otel/v1/traces']) cases.push(...protobufCases(context));
  return cases;
}

// --- parameters --------------------------------------------------------------------------

const concrete = (path: string, operation: OpenApiOperation) => {
  let result = path;
  for (const parameter of operation.parameters ?? []) {
    if (parameter.in === 'path') result = result.replace(`{${parameter.name}}`, 'missing-id');
  }
  return result;
};

/** The values one route, parameter or field gets: all of them, or `always` plus a rotating few. */
function pick<T>(values: T[], salt: number, context: CorpusContext, few: number, always: T[] = []): T[] {
  if (context.exhaustive) return values;
  const chosen = new Set(always);
  for (let i = 0; i < few; i++) chosen.add(values[(salt * few + i) % values.length]);
  return [...chosen];
}

function pathParameterCases(method: string, path: string, operation: OpenApiOperation, context: SaltedContext): HostileCase[] {
  const names = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name);
  const cases: HostileCase[] = [];
  for (const name of names) {
    const ids = [
      ...HOSTILE_STRINGS.filter((value) => value !== '' && value !== ' ').map(encodeURIComponent),
      ...HOSTILE_RAW_ENCODINGS,
      '..%2F..%2F..%2Fetc%2Fpasswd',
      '%2e%2e',
      '..',
      '.',
      encodeURIComponent(randomUUID()),
      'a'.repeat(2000),
      'a'.repeat(5000),
      `${'%F0%9F%98%80'.repeat(300)}`,
    ];
    const always = ['..%2F..%2F..%2Fetc%2Fpasswd', 'a'.repeat(5000), encodeURIComponent(ALWAYS[0]), '%00'];
    for (const id of pick(ids, context.salt, context, 12, always)) {
      const target = concrete(path, operation).replace('missing-id', id);
      cases.push({ name: `path ${method} ${path} ${name}=${id.slice(0, 40)}`, method, path: target, headers: bearer(context) });
    }
  }
  return cases;
}

function queryParameterCases(method: string, path: string, operation: OpenApiOperation, context: SaltedContext): HostileCase[] {
  const base = concrete(path, operation);
  const query = (operation.parameters ?? []).filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
  const cases: HostileCase[] = [];
  query.forEach((name, index) => {
    const encoded = HOSTILE_STRINGS.map(encodeURIComponent);
    const salt = context.salt * 31 + index;
    const values = [
      ...pick(encoded, salt, context, 3, ALWAYS.map(encodeURIComponent)),
      ...pick(HOSTILE_RAW_ENCODINGS, salt, context, 1),
      // numbers and times get every odd number or time
      ...(/^(page|limit|value|cursor)$/i.test(name) ? HOSTILE_NUMBERS : []),
      ...(/time|from|^to|date/i.test(name) ? HOSTILE_TIMES.map(encodeURIComponent) : []),
    ];
    for (const value of values) {
      cases.push({ name: `query ${method} ${path} ${name}=${value.slice(0, 40)}`, method, path: `${base}?${name}=${value}`, headers: bearer(context) });
    }
    // JSON-looking parameters (labels, filter): hostile keys and values inside the JSON
    const jsonValues = ['{"a\'); SELECT pg_sleep(5); --":"x"}', '{"k":"x\') OR pg_sleep(5) IS NULL --"}', '{"k":1}', '{"k":{"n":1}}', '[]', '{', '{"k":"\\u0000"}'];
    for (const json of /labels|filter/i.test(name) ? jsonValues : pick(jsonValues, salt, context, 1)) {
      cases.push({ name: `query-json ${method} ${path} ${name}=${json}`, method, path: `${base}?${name}=${encodeURIComponent(json)}`, headers: bearer(context) });
    }
    cases.push({ name: `query repeated ${path} ${name}`, method, path: `${base}?${name}=1&${name}=2&${name}=3`, headers: bearer(context) });
    cases.push({ name: `query bracketed ${path} ${name}`, method, path: `${base}?${name}[a]=1&${name}[]=2`, headers: bearer(context) });
  });
  cases.push({ name: `query unknown ${path}`, method, path: `${base}?zzz_unknown=1`, headers: bearer(context) });
  cases.push({ name: `query huge ${path}`, method, path: `${base}?q=${'a'.repeat(20_000)}`, headers: bearer(context) });
  cases.push({ name: `query many ${path}`, method, path: `${base}?${Array.from({ length: 500 }, (_, i) => `k${i}=${i}`).join('&')}`, headers: bearer(context) });
  return cases;
}

// --- bodies ------------------------------------------------------------------------------

function bodyCases(method: string, path: string, operation: OpenApiOperation, doc: OpenApiDocument, context: SaltedContext): HostileCase[] {
  const target = concrete(path, operation);
  const json = (extra: Record<string, string> = {}) => ({ ...bearer(context), 'content-type': 'application/json', ...extra });
  const cases: HostileCase[] = [];
  const template = templateFor(path, operation, doc);

  for (const body of pick(MALFORMED_JSON, context.salt, context, 10)) {
    cases.push({ name: `malformed ${path} ${JSON.stringify(body.slice(0, 30))}`, method, path: target, headers: json(), body });
  }
  const valid = JSON.stringify(template);
  for (const cut of [1, 2, Math.floor(valid.length / 3), Math.floor(valid.length / 2), valid.length - 1]) {
    cases.push({ name: `truncated ${path} at ${cut}`, method, path: target, headers: json(), body: valid.slice(0, cut) });
  }
  cases.push({ name: `empty body ${path}`, method, path: target, headers: json(), body: '' });
  for (const type of pick(CONTENT_TYPES, context.salt, context, 5)) {
    const headers: Record<string, string> = { ...bearer(context) };
    if (type) headers['content-type'] = type;
    cases.push({ name: `content-type ${path} ${type ?? '(none)'}`, method, path: target, headers, body: valid });
  }
  cases.push({ name: `deep nesting ${path}`, method, path: target, headers: json(), body: '['.repeat(10_000) + ']'.repeat(10_000) });
  cases.push({
    name: `deep nesting in a field ${path}`,
    method,
    path: target,
    headers: json(),
    body: valid.replace(/^\{/, `{"deep":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)},`),
  });
  cases.push({
    name: `over the body limit ${path}`,
    method,
    path: target,
    headers: json(),
    body: `{"pad":"${'x'.repeat(context.maxBodyBytes + 1024)}"}`,
    expect: [413],
  });
  if (GZIP_PATHS.includes(path)) cases.push(...gzipCases(method, target, valid, context));
  if (path === '/v1/metrics/batch') {
    // label values must be strings
    for (const value of ['1', 'true', 'null', '{}', '["a"]', '1e400']) {
      const body = `{"metrics":[{"name":"m","labels":{"k":${value}},"value":1,"timestamp":"${new Date().toISOString()}"}]}`;
      cases.push({ name: `label value ${value} ${path}`, method, path: target, headers: json(), body, expect: [400] });
    }
  }

  leaves(template).forEach((leaf, index) => {
    for (const value of pick(HOSTILE_JSON, context.salt * 97 + index, context, 3)) {
      const body = JSON.stringify(setAt(template, leaf, '\u0001MARK\u0001')).replace('"\\u0001MARK\\u0001"', value);
      cases.push({ name: `field ${path} ${leaf.join('.')}=${value.slice(0, 30)}`, method, path: target, headers: json(), body });
    }
  });
  return cases;
}

function gzipCases(method: string, path: string, valid: string, context: CorpusContext): HostileCase[] {
  const headers = (extra: Record<string, string>) => ({ ...bearer(context), 'content-type': 'application/json', ...extra });
  const gzip = (extra: Record<string, string> = {}) => headers({ 'content-encoding': 'gzip', ...extra });
  const zipped = gzipSync(valid);
  return [
    // a few hundred kilobytes that inflate to many times the limit
    { name: `gzip bomb ${path}`, method, path, headers: gzip(), body: gzipBomb(context.maxBodyBytes * 8), expect: [413] },
    { name: `gzip not gzip ${path}`, method, path, headers: gzip(), body: valid, expect: [400] },
    { name: `gzip truncated ${path}`, method, path, headers: gzip(), body: zipped.subarray(0, Math.floor(zipped.length / 2)), expect: [400] },
    { name: `gzip trailing garbage ${path}`, method, path, headers: gzip(), body: Buffer.concat([zipped, randomBytes(20)]) },
    { name: `gzip empty ${path}`, method, path, headers: gzip(), body: '' },
    { name: `gzip deep ${path}`, method, path, headers: gzip(), body: gzipSync('['.repeat(10_000) + ']'.repeat(10_000)), expect: [400] },
    { name: `encoding br ${path}`, method, path, headers: headers({ 'content-encoding': 'br' }), body: valid, expect: [415] },
    { name: `encoding gzip,gzip ${path}`, method, path, headers: headers({ 'content-encoding': 'gzip, gzip' }), body: gzipSync(zipped) },
  ];
}

/** A gzip stream of `inflatedBytes` zeros: about 1/1000 of that on the wire. */
export function gzipBomb(inflatedBytes: number): Buffer {
  const chunk = gzipSync(Buffer.alloc(Math.min(inflatedBytes, 16 * 1024 * 1024)), { level: 9 });
  // Concatenated gzip members inflate to the concatenation of their contents.
  const members = Math.ceil(inflatedBytes / (16 * 1024 * 1024));
  return Buffer.concat(Array.from({ length: members }, () => chunk));
}

function protobufCases(context: CorpusContext): HostileCase[] {
  const path = '/api/public/otel/v1/traces';
  const valid = otlpProtobuf();
  const cases: [string, Buffer][] = [
    ['random bytes', randomBytes(200)],
    ['one byte', Buffer.from([0x0a])],
    ['huge declared length', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x00])],
    ['wrong wire type', Buffer.from([0x0b, 0x01, 0x02])],
    ['deep nesting', deepOtlpProtobuf(10_000)],
    ['NUL in name', otlpProtobuf({ name: 'a\u0000b' })],
    ['invalid UTF-8 in name', otlpProtobuf({ name: Buffer.from([0xff, 0xfe, 0xed, 0xa0, 0x80]) })],
    ['short trace id', otlpProtobuf({ traceId: randomBytes(3) })],
    ['zero span id', otlpProtobuf({ spanId: Buffer.alloc(8) })],
    ['empty ids', otlpProtobuf({ traceId: Buffer.alloc(0), spanId: Buffer.alloc(0) })],
    ['huge name', otlpProtobuf({ name: 'n'.repeat(1_000_000) })],
    ['empty request', Buffer.alloc(0)],
    ['unknown fields', Buffer.concat([valid, field(99, 'unknown')])],
  ];
  for (const cut of [1, 5, Math.floor(valid.length / 2), valid.length - 1]) cases.push([`truncated at ${cut}`, valid.subarray(0, cut)]);
  return cases.map(([name, body]) => ({
    name: `protobuf ${name}`,
    method: 'POST',
    path,
    headers: { ...bearer(context), 'content-type': 'application/x-protobuf' },
    body,
  }));
}

// --- authorization -----------------------------------------------------------------------

/** Routes API.md opens to everyone; every other route must refuse odd credentials with a 401. */
export const PUBLIC_PATHS = ['/healthz', '/readyz', '/api/public/health'];

function authorizationCases(method: string, path: string, operation: OpenApiOperation, context: SaltedContext): HostileCase[] {
  const target = concrete(path, operation);
  const body = ['POST', 'PUT', 'PATCH'].includes(method) ? '{}' : undefined;
  const expect = PUBLIC_PATHS.includes(path) ? undefined : [401];
  const valid = `Bearer ${context.token}`;
  const headerSets: Record<string, string | string[]>[] = [
    ...ODD_AUTHORIZATION.map((authorization) => ({ authorization })),
    // two Authorization headers are ambiguous whichever comes first
    { authorization: [valid, valid] },
    { authorization: [valid, 'Bearer wrong-token'] },
    { authorization: ['Bearer wrong-token', valid] },
    { authorization: `Basic ${Buffer.from(`${context.publicKey}:${context.secretKey}x`).toString('base64')}` },
    { authorization: `Basic ${Buffer.from(`${context.publicKey}x:${context.secretKey}`).toString('base64')}` },
    { authorization: `Bearer ${context.secretKey}` },
  ];
  return pick(headerSets, context.salt, context, 6).map((headers) => ({
    name: `authorization ${method} ${path} ${JSON.stringify(headers.authorization).slice(0, 40)}`,
    method,
    path: target,
    headers: { ...headers, 'content-type': 'application/json' },
    body,
    expect,
  }));
}

// --- helpers -----------------------------------------------------------------------------

function bearer(context: CorpusContext): Record<string, string> {
  return { authorization: `Bearer ${context.token}` };
}

/** A valid body for `path`: hand-written for the ingest doors, else sampled from the schema. */
function templateFor(path: string, operation: OpenApiOperation, doc: OpenApiDocument): unknown {
  const now = new Date().toISOString();
  const traceId = randomUUID();
  switch (path) {
    case '/v1/l/batch':
      return {
        trace: { id: traceId, timestamp: now, name: 't', input: { q: 'x' }, sessionId: 's', userId: 'u', tags: ['a'], latency: 1.5, totalCost: 0.1 },
        observations: [
          { id: randomUUID(), traceId, type: 'GENERATION', name: 'g', startTime: now, model: 'm', promptTokens: 1, modelParameters: { t: 0.1 } },
        ],
      };
    case '/api/public/ingestion':
      return {
        batch: [
          { id: randomUUID(), type: 'trace-create', timestamp: now, body: { id: traceId, name: 't', tags: ['a'], metadata: { k: 'v' } } },
          {
            id: randomUUID(),
            type: 'generation-create',
            timestamp: now,
            body: { id: randomUUID(), traceId, startTime: now, model: 'm', usage: { input: 1, output: 2 }, costDetails: { total: 0.1 } },
          },
          { id: randomUUID(), type: 'score-create', timestamp: now, body: { id: randomUUID(), traceId, name: 'q', value: 1 } },
        ],
      };
    case '/api/public/otel/v1/traces':
      return JSON.parse(
        otlpSpanJson(
          randomBytes(16).toString('hex'),
          randomBytes(8).toString('hex'),
          '"name":"s","kind":1,"status":{"code":2,"message":"m"},"attributes":[{"key":"gen_ai.usage.input_tokens","value":{"intValue":3}},{"key":"langfuse.observation.input","value":{"stringValue":"{\\"a\\":1}"}}]',
        ),
      );
    case '/v1/metrics/batch':
      return { metrics: [{ name: 'm', labels: { a: 'b' }, value: 1, timestamp: now }] };
  }
  const schema = Object.values(operation.requestBody?.content ?? {})[0]?.schema;
  return schema ? sample(schema, doc, 0) : {};
}

function sample(schema: Schema, doc: OpenApiDocument, depth: number): unknown {
  if (depth > 6) return null;
  if (schema.$ref) return sample(doc.components?.schemas?.[schema.$ref.split('/').pop()!] ?? {}, doc, depth + 1);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum?.length) return schema.enum[0];
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, value]) => [key, sample(value, doc, depth + 1)]));
    case 'array':
      return schema.items ? [sample(schema.items, doc, depth + 1)] : [];
    case 'string':
      return schema.format === 'date-time' ? new Date().toISOString() : 'x';
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    default:
      return schema.properties ? sample({ ...schema, type: 'object' }, doc, depth) : 'x';
  }
}

/** Paths to every leaf (and every object/array) of a JSON value. */
function leaves(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  const result: (string | number)[][] = path.length > 0 ? [path] : [];
  if (Array.isArray(value)) value.forEach((item, index) => result.push(...leaves(item, [...path, index])));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) result.push(...leaves(item, [...path, key]));
  }
  return result;
}

function setAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[path[0]] = setAt(copy[path[0]], path.slice(1), replacement);
  return copy;
}

