import { loadFixture } from '../../../test/fixtures/fixtures.js';
import { JsonText } from '../../common/json/json-text.js';
import type { Attributes, OtlpSpan } from './otlp-request.js';
import { parseExportRequest } from './otlp-request.js';
import { mapObservation, mapSpans } from './otlp-span.mapper.js';

const TRACE = '70de29183af35feeb5d675ffc9958a8d';

/** The row with its JSON texts parsed, as PostgreSQL will store them. */
function parsedTexts<Row extends object>(row: Row): Row {
  const entries = Object.entries(row).map(([key, value]) => [key, value instanceof JsonText ? JSON.parse(value.text) : value]);
  return Object.fromEntries(entries) as Row;
}

function span(attributes: Attributes = {}, fields: Partial<OtlpSpan> = {}): OtlpSpan {
  return {
    traceId: TRACE,
    spanId: '178add49604db237',
    parentSpanId: 'df3ea9466c5f58f5',
    name: 'op',
    startTime: new Date('2026-11-21T08:06:51.975Z'),
    endTime: new Date('2026-11-21T08:06:51.976Z'),
    attributes,
    events: [],
    links: [],
    status: { code: 0 },
    resource: {},
    scope: { name: 'my-app', version: '1.0.0' },
    ...fields,
  };
}

describe('mapObservation (API.md §4)', () => {
  it('ids, parent, name and times come from the span', () => {
    expect(mapObservation(span())).toMatchObject({
      id: '178add49604db237',
      traceId: TRACE,
      parentObservationId: 'df3ea9466c5f58f5',
      name: 'op',
      startTime: new Date('2026-11-21T08:06:51.975Z'),
      endTime: new Date('2026-11-21T08:06:51.976Z'),
    });
    expect(mapObservation(span({}, { parentSpanId: undefined })).parentObservationId).toBeUndefined();
  });

  describe('type', () => {
    it.each([
      [{ 'langfuse.observation.type': 'generation' }, 'GENERATION'],
      [{ 'langfuse.observation.type': 'agent', 'gen_ai.request.model': 'm' }, 'AGENT'],
      [{ 'openinference.span.kind': 'LLM' }, 'GENERATION'],
      [{ 'openinference.span.kind': 'RETRIEVER' }, 'RETRIEVER'],
      [{ 'gen_ai.operation.name': 'execute_tool' }, 'TOOL'],
      [{ 'gen_ai.operation.name': 'embeddings' }, 'EMBEDDING'],
      [{ 'gen_ai.operation.name': 'invoke_agent' }, 'AGENT'],
      [{ 'gen_ai.request.model': 'gpt-4o' }, 'GENERATION'],
      [{ 'gen_ai.response.model': 'gpt-4o' }, 'GENERATION'],
      [{ 'gen_ai.usage.input_tokens': 3 }, 'GENERATION'],
      [{ 'http.method': 'GET' }, 'SPAN'],
      [{ 'langfuse.observation.type': 'mystery' }, 'SPAN'],
    ] as [Attributes, string][])('%j → %s', (attributes, expected) => {
      expect(mapObservation(span(attributes)).type).toBe(expected);
    });
  });

  it('model: langfuse name, then request, response, the legacy langfuse attribute and OpenInference', () => {
    const model = (attributes: Attributes) => mapObservation(span(attributes)).model;
    expect(model({ 'langfuse.observation.model.name': 'a', 'gen_ai.request.model': 'b' })).toBe('a');
    expect(model({ 'gen_ai.request.model': 'b', 'gen_ai.response.model': 'c' })).toBe('b');
    expect(model({ 'gen_ai.response.model': 'c' })).toBe('c');
    expect(model({ 'langfuse.generation.model': 'd' })).toBe('d');
    expect(model({ 'llm.model_name': 'e' })).toBe('e');
    expect(model({})).toBeUndefined();
  });

  it('modelParameters: the langfuse JSON, else gen_ai.request.* without the model', () => {
    expect(mapObservation(span({ 'langfuse.observation.model.parameters': '{"temperature":0.2}' })).modelParameters).toEqual({
      temperature: 0.2,
    });
    expect(
      mapObservation(
        span({ 'gen_ai.request.model': 'm', 'gen_ai.request.temperature': 0.5, 'gen_ai.request.max_tokens': 256, 'gen_ai.request.top_p': 1 }),
      ).modelParameters,
    ).toEqual({ temperature: 0.5, max_tokens: 256, top_p: 1 });
    expect(mapObservation(span({ 'llm.invocation_parameters': '{"temperature":1}' })).modelParameters).toEqual({ temperature: 1 });
    expect(mapObservation(span()).modelParameters).toBeUndefined();
  });

  it('input/output: langfuse JSON text (stored as JSON, or else as text), then GenAI and OpenInference attributes, then events', () => {
    const io = (attributes: Attributes, fields: Partial<OtlpSpan> = {}) => {
      const observation = parsedTexts(mapObservation(span(attributes, fields)));
      return [observation.input, observation.output];
    };
    // JSON text travels as it was sent, every digit kept.
    expect(mapObservation(span({ 'langfuse.observation.input': '{"n": 12345678901234567890}' })).input).toEqual(
      new JsonText('{"n": 12345678901234567890}'),
    );
    expect(io({ 'langfuse.observation.input': '{"q":1}', 'langfuse.observation.output': 'plain text' })).toEqual([{ q: 1 }, 'plain text']);
    expect(
      io({
        'gen_ai.input.messages': '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]',
        'gen_ai.output.messages': '[{"role":"assistant"}]',
        'gen_ai.prompt': 'ignored',
      }),
    ).toEqual([[{ role: 'user', parts: [{ type: 'text', content: 'hi' }] }], [{ role: 'assistant' }]]);
    expect(io({ 'gen_ai.prompt': 'hi', 'gen_ai.completion': 'hello' })).toEqual(['hi', 'hello']);
    expect(
      io({
        'gen_ai.prompt.0.role': 'system',
        'gen_ai.prompt.0.content': 'be brief',
        'gen_ai.prompt.1.role': 'user',
        'gen_ai.prompt.1.content': 'hi',
        'gen_ai.completion.0.content': 'hello',
      }),
    ).toEqual([
      [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hi' },
      ],
      [{ content: 'hello' }],
    ]);
    expect(io({ 'input.value': '{"question":"why"}', 'output.value': 'because' })).toEqual([{ question: 'why' }, 'because']);
    expect(
      io(
        {},
        {
          events: [
            { name: 'gen_ai.content.prompt', attributes: { 'gen_ai.prompt': 'hi' } },
            { name: 'gen_ai.content.completion', attributes: { 'gen_ai.completion': 'hello' } },
          ],
        },
      ),
    ).toEqual(['hi', 'hello']);
  });

  it('usage: langfuse usage_details (v5 keys or camelCase), else gen_ai.usage.* and OpenInference counts', () => {
    expect(mapObservation(span({ 'langfuse.observation.usage_details': '{"input":11,"output":7,"total":18}' }))).toMatchObject({
      promptTokens: 11,
      completionTokens: 7,
      totalTokens: 18,
      usageDetails: { input: 11, output: 7, total: 18 },
    });
    expect(
      mapObservation(span({ 'langfuse.observation.usage_details': '{"promptTokens":1,"completionTokens":2,"totalTokens":3}' })),
    ).toMatchObject({ promptTokens: 1, completionTokens: 2, totalTokens: 3 });
    expect(
      mapObservation(
        span({
          'gen_ai.usage.input_tokens': 21,
          'gen_ai.usage.output_tokens': 9,
          'gen_ai.usage.cache_read.input_tokens': 4,
          'gen_ai.usage.cache_creation.input_tokens': 2,
        }),
      ),
    ).toMatchObject({
      promptTokens: 21,
      completionTokens: 9,
      totalTokens: 30,
      usageDetails: { input: 21, output: 9, total: 30, cache_read_input_tokens: 4, cache_creation_input_tokens: 2 },
    });
    expect(mapObservation(span({ 'gen_ai.usage.prompt_tokens': 5, 'gen_ai.usage.completion_tokens': 6, 'gen_ai.usage.total_tokens': 12 }))).toMatchObject({
      promptTokens: 5,
      completionTokens: 6,
      totalTokens: 12,
    });
    expect(mapObservation(span({ 'llm.token_count.prompt': 7, 'llm.token_count.completion': 1, 'llm.token_count.total': 8 }))).toMatchObject({
      promptTokens: 7,
      completionTokens: 1,
      totalTokens: 8,
    });
    expect(mapObservation(span({ 'langfuse.observation.usage_details': '{"input":"lots"}' })).totalTokens).toBeUndefined();
  });

  it('cost: langfuse cost_details, else gen_ai.usage.cost as the total', () => {
    expect(mapObservation(span({ 'langfuse.observation.cost_details': '{"input":0.0011,"output":0.0014,"total":0.0025}' }))).toMatchObject({
      calculatedInputCost: 0.0011,
      calculatedOutputCost: 0.0014,
      calculatedTotalCost: 0.0025,
      costDetails: { input: 0.0011, output: 0.0014, total: 0.0025 },
    });
    expect(mapObservation(span({ 'gen_ai.usage.cost': 0.5 }))).toMatchObject({ calculatedTotalCost: 0.5, costDetails: { total: 0.5 } });
  });

  it('completionStartTime: the JSON-quoted date the SDK sends', () => {
    expect(
      mapObservation(span({ 'langfuse.observation.completion_start_time': '"2026-11-21T08:06:51.975Z"' })).completionStartTime,
    ).toEqual(new Date('2026-11-21T08:06:51.975Z'));
  });

  it('level/statusMessage: langfuse attributes, else status ERROR with its message (or the exception), else DEFAULT', () => {
    expect(
      mapObservation(span({ 'langfuse.observation.level': 'WARNING', 'langfuse.observation.status_message': 'careful' })),
    ).toMatchObject({ level: 'WARNING', statusMessage: 'careful' });
    expect(mapObservation(span({}, { status: { code: 2, message: 'boom' } }))).toMatchObject({ level: 'ERROR', statusMessage: 'boom' });
    expect(
      mapObservation(
        span({}, { status: { code: 2 }, events: [{ name: 'exception', attributes: { 'exception.message': 'kaput' } }] }),
      ),
    ).toMatchObject({ level: 'ERROR', statusMessage: 'kaput' });
    expect(mapObservation(span({}, { status: { code: 1 } }))).toMatchObject({ level: 'DEFAULT', statusMessage: undefined });
  });

  it('metadata: langfuse.observation.metadata keys, the other attributes, resource, scope and events', () => {
    const metadata = mapObservation(
      span(
        {
          'langfuse.observation.metadata.rootmeta': '1',
          'langfuse.observation.metadata.obj': '{"a":[1]}',
          'langfuse.observation.input': 'x',
          'gen_ai.prompt': 'hi',
          'gen_ai.system': 'openai',
          count: 3,
        },
        {
          resource: { 'service.name': 'svc' },
          events: [{ name: 'exception', time: new Date(0), attributes: { 'exception.message': 'boom' } }],
        },
      ),
    ).metadata;
    expect(metadata).toEqual({
      rootmeta: 1,
      obj: { a: [1] },
      attributes: { 'gen_ai.system': 'openai', count: 3 },
      resourceAttributes: { 'service.name': 'svc' },
      scope: { name: 'my-app', version: '1.0.0' },
      events: [{ name: 'exception', timestamp: '1970-01-01T00:00:00.000Z', attributes: { 'exception.message': 'boom' } }],
    });
    expect(mapObservation(span({ 'langfuse.observation.metadata': '{"whole":true}' })).metadata).toMatchObject({ whole: true });
  });

  it('prompt name and version', () => {
    expect(
      mapObservation(span({ 'langfuse.observation.prompt.name': 'p', 'langfuse.observation.prompt.version': 3 })),
    ).toMatchObject({ promptName: 'p', promptVersion: '3' });
  });

  it('version and environment: langfuse attributes, else the resource', () => {
    expect(mapObservation(span({ 'langfuse.version': '1.2.3', 'langfuse.environment': 'staging' }))).toMatchObject({
      version: '1.2.3',
      environment: 'staging',
    });
    expect(
      mapObservation(span({}, { resource: { 'service.version': '9.9.9', 'deployment.environment.name': 'test' } })),
    ).toMatchObject({ version: '9.9.9', environment: 'test' });
    expect(mapObservation(span({}, { resource: { 'deployment.environment': 'prod' } })).environment).toBe('prod');
    expect(mapObservation(span()).environment).toBeUndefined();
  });
});

describe('mapSpans: trace fields', () => {
  it('reads name, user, session, tags, public, metadata, input/output, version, release, environment', () => {
    const { traces } = mapSpans([
      span({
        'langfuse.trace.name': 'trace',
        'user.id': 'u',
        'session.id': 's',
        'langfuse.trace.tags': ['a', 'b'],
        'langfuse.trace.public': true,
        'langfuse.trace.metadata.tenant': 'acme',
        'langfuse.trace.metadata.n': '2',
        'langfuse.trace.input': '{"q":"hi"}',
        'langfuse.trace.output': '{"a":"hello"}',
        'langfuse.version': '1.2.3',
        'langfuse.release': 'rel-1',
        'langfuse.environment': 'staging',
      }),
    ]);
    expect(traces.map(parsedTexts)).toEqual([
      {
        id: TRACE,
        timestamp: new Date('2026-11-21T08:06:51.975Z'),
        keepEarliestTimestamp: true,
        accumulate: true,
        name: 'trace',
        userId: 'u',
        sessionId: 's',
        tags: ['a', 'b'],
        public: true,
        metadata: { tenant: 'acme', n: 2 },
        input: { q: 'hi' },
        output: { a: 'hello' },
        version: '1.2.3',
        release: 'rel-1',
        environment: 'staging',
      },
    ]);
  });

  it('accepts the langfuse.* user/session names, gen_ai.conversation.id, JSON tag strings and whole-object metadata', () => {
    const [trace] = mapSpans([
      span({
        'langfuse.user.id': 'u2',
        'gen_ai.conversation.id': 'conv',
        'langfuse.trace.tags': '["x","y"]',
        'langfuse.trace.metadata': '{"k":"v"}',
      }),
    ]).traces;
    expect(trace).toMatchObject({ userId: 'u2', sessionId: 'conv', tags: ['x', 'y'], metadata: { k: 'v' } });
  });

  it('falls back to the root span for name and input/output', () => {
    const [trace] = mapSpans([
      span({ 'langfuse.observation.input': '"child in"' }),
      span({ 'input.value': 'root in', 'output.value': 'root out' }, { spanId: 'df3ea9466c5f58f5', parentSpanId: undefined, name: 'root' }),
    ]).traces;
    expect(parsedTexts(trace)).toMatchObject({ name: 'root', input: 'root in', output: 'root out' });
  });

  it('lets an explicit trace name beat the root span name whatever the order', () => {
    const root = span({}, { spanId: 'df3ea9466c5f58f5', parentSpanId: undefined, name: 'root' });
    const child = span({ 'langfuse.trace.name': 'explicit' });
    expect(mapSpans([root, child]).traces[0].name).toBe('explicit');
    expect(mapSpans([child, root]).traces[0].name).toBe('explicit');
  });

  it('merges across spans: first non-null scalar, united tags, merged metadata, earliest timestamp', () => {
    const { traces, observations } = mapSpans([
      span({ 'user.id': 'first', 'langfuse.trace.tags': ['a'], 'langfuse.trace.metadata.x': '1' }, { startTime: new Date(2000) }),
      span(
        { 'user.id': 'second', 'session.id': 's', 'langfuse.trace.tags': ['b', 'a'], 'langfuse.trace.metadata.y': '2' },
        { spanId: 'aaaaaaaaaaaaaaaa', startTime: new Date(1000) },
      ),
      span({}, { traceId: 'bca14fbfcf8b725ecda5777dc7d5158b', spanId: 'bbbbbbbbbbbbbbbb' }),
    ]);
    expect(observations).toHaveLength(3);
    expect(traces).toHaveLength(2);
    expect(traces[0]).toMatchObject({
      userId: 'first',
      sessionId: 's',
      tags: ['a', 'b'],
      metadata: { x: 1, y: 2 },
      timestamp: new Date(1000),
    });
  });

  it('maps the captured @langfuse/otel export: five observations of one trace', () => {
    const [otlp] = loadFixture('langfuse-tracing-otel-client');
    const { traces, observations } = mapSpans(parseExportRequest(otlp.json).spans);
    expect(traces).toHaveLength(1);
    expect(parsedTexts(traces[0])).toMatchObject({
      id: TRACE,
      name: 'v5-trace',
      userId: 'user-5',
      sessionId: 'sess-5',
      tags: ['a', 'b'],
      metadata: { tenant: 'acme' },
      release: 'rel-1',
      version: '1.2.3',
      environment: 'staging',
      input: { q: 'hi' },
      output: { a: 'hello' },
      timestamp: new Date(1795248411966),
    });
    const byName = Object.fromEntries(observations.map((observation) => [observation.name, parsedTexts(observation)]));
    expect(byName['v5-root']).toMatchObject({ type: 'SPAN', parentObservationId: undefined, metadata: expect.objectContaining({ rootmeta: 1 }) });
    expect(byName['v5-span']).toMatchObject({ type: 'SPAN', parentObservationId: '41f97122bd14b413', output: { done: true } });
    expect(byName['v5-gen']).toMatchObject({
      type: 'GENERATION',
      model: 'gpt-4o-mini',
      modelParameters: { temperature: 0.2 },
      promptTokens: 11,
      completionTokens: 7,
      totalTokens: 18,
      calculatedTotalCost: 0.0025,
      completionStartTime: new Date('2026-11-21T08:06:51.975Z'),
      input: [{ role: 'user', content: 'hi' }],
      output: { role: 'assistant', content: 'hello' },
    });
    expect(byName['v5-event']).toMatchObject({ type: 'EVENT', level: 'WARNING', statusMessage: 'careful' });
    expect(byName['v5-tool']).toMatchObject({ type: 'TOOL', level: 'ERROR', statusMessage: 'tool failed' });
  });
});

describe('mapObservation: attribute keys that name Object.prototype members', () => {
  it('keeps them as keys and reads nothing inherited', () => {
    const observation = mapObservation(
      span({
        'gen_ai.operation.name': 'constructor',
        'gen_ai.request.__proto__': '{"polluted":true}',
        'gen_ai.request.top_p': 0.9,
        'langfuse.observation.metadata': '{"__proto__":{"polluted":true},"kept":1}',
        'langfuse.observation.metadata.__proto__': '{"polluted":true}',
      }),
    );
    expect(observation.type).toBe('SPAN');
    expect(Object.entries(observation.modelParameters as object)).toEqual([
      ['__proto__', '{"polluted":true}'],
      ['top_p', 0.9],
    ]);
    const metadata = observation.metadata as Record<string, unknown>;
    expect(Object.keys(metadata)).toContain('__proto__');
    expect(metadata.kept).toBe(1);
    expect(metadata.polluted).toBeUndefined();
    expect(Object.getPrototypeOf(metadata)).toBe(Object.prototype);
  });
});
