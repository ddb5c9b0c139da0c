import { mapIngestionEvent, type MappedEvent } from './ingestion-event.mapper.js';

const AT = '2026-11-21T08:06:42.146Z';
const event = (type: string, body: unknown, extra: Record<string, unknown> = {}) => ({
  id: `evt-${type}`,
  type,
  timestamp: AT,
  body,
  ...extra,
});

function rows(mapped: MappedEvent) {
  if (mapped.outcome !== 'rows') throw new Error(`expected rows, got ${JSON.stringify(mapped)}`);
  return mapped.rows;
}

function problems(mapped: MappedEvent): string[] {
  if (mapped.outcome !== 'invalid') throw new Error(`expected invalid, got ${mapped.outcome}`);
  return mapped.problems;
}

describe('mapIngestionEvent', () => {
  it('maps trace-create with every field, nulls meaning "not carried"', () => {
    const { traces } = rows(
      mapIngestionEvent(
        event('trace-create', {
          id: 't1',
          timestamp: '2026-11-21T08:00:00.000Z',
          name: 'n',
          userId: 'u',
          sessionId: 's',
          release: 'r',
          version: 'v',
          input: { q: 1 },
          output: 'out',
          metadata: { k: 'v' },
          tags: ['a', 'b'],
          environment: 'prod',
          public: true,
          projectId: 'someone-else',
          bookmarked: null,
        }),
      ),
    );
    expect(traces).toEqual([
      {
        id: 't1',
        timestamp: new Date('2026-11-21T08:00:00.000Z'),
        keepEarliestTimestamp: true,
        name: 'n',
        userId: 'u',
        sessionId: 's',
        release: 'r',
        version: 'v',
        input: { q: 1 },
        output: 'out',
        metadata: { k: 'v' },
        tags: ['a', 'b'],
        environment: 'prod',
        public: true,
      },
    ]);
  });

  it('uses the envelope timestamp for a trace without one', () => {
    expect(rows(mapIngestionEvent(event('trace-create', { id: 't1' }))).traces[0].timestamp).toEqual(new Date(AT));
  });

  it.each([
    ['span-create', 'SPAN'],
    ['span-update', 'SPAN'],
    ['generation-create', 'GENERATION'],
    ['generation-update', 'GENERATION'],
    ['event-create', 'EVENT'],
    ['agent-create', 'AGENT'],
    ['tool-create', 'TOOL'],
    ['chain-create', 'CHAIN'],
    ['retriever-create', 'RETRIEVER'],
    ['evaluator-create', 'EVALUATOR'],
    ['embedding-create', 'EMBEDDING'],
    ['guardrail-create', 'GUARDRAIL'],
  ])('takes the observation type of %s from the event type', (type, expected) => {
    const { observations } = rows(mapIngestionEvent(event(type, { id: 'o1', traceId: 't1', type: 'EVENT' })));
    expect(observations[0].type).toBe(expected);
  });

  it('takes the type of legacy observation-create/update from the body', () => {
    expect(rows(mapIngestionEvent(event('observation-create', { id: 'o', traceId: 't', type: 'GENERATION' }))).observations[0].type).toBe(
      'GENERATION',
    );
    expect(problems(mapIngestionEvent(event('observation-update', { id: 'o', traceId: 't' })))).toEqual([
      'body.type is required for observation-update',
    ]);
    expect(problems(mapIngestionEvent(event('observation-create', { id: 'o', traceId: 't', type: 'BLOB' })))[0]).toMatch(
      /type must be one of SPAN, GENERATION/,
    );
  });

  it('maps a generation with v3 usage, usageDetails and costDetails', () => {
    const { observations } = rows(
      mapIngestionEvent(
        event('generation-update', {
          id: 'g1',
          traceId: 't1',
          endTime: '2026-11-21T08:06:42.145Z',
          output: { role: 'assistant', content: 'hello' },
          usage: { input: 11, output: 7, total: 18, unit: 'TOKENS', inputCost: 0.0011, outputCost: 0.0014, totalCost: 0.0025 },
          usageDetails: { input: 11, output: 7, total: 18, cache_read_input_tokens: 2 },
          costDetails: { input: 0.0011, output: 0.0014, total: 0.0025 },
        }),
      ),
    );
    expect(observations[0]).toMatchObject({
      id: 'g1',
      traceId: 't1',
      type: 'GENERATION',
      endTime: new Date('2026-11-21T08:06:42.145Z'),
      startTime: undefined,
      promptTokens: 11,
      completionTokens: 7,
      totalTokens: 18,
      unit: 'TOKENS',
      usageDetails: { input: 11, output: 7, total: 18, cache_read_input_tokens: 2 },
      costDetails: { input: 0.0011, output: 0.0014, total: 0.0025 },
      calculatedInputCost: 0.0011,
      calculatedOutputCost: 0.0014,
      calculatedTotalCost: 0.0025,
      usage: { input: 11, output: 7, total: 18, unit: 'TOKENS', inputCost: 0.0011, outputCost: 0.0014, totalCost: 0.0025 },
    });
  });

  it('maps generation fields: model, parameters, prompt, completion start, parent, level', () => {
    const { observations } = rows(
      mapIngestionEvent(
        event('generation-create', {
          id: 'g1',
          traceId: 't1',
          name: 'gen',
          startTime: '2026-11-21T08:06:42.145Z',
          completionStartTime: '2026-11-21T08:06:42.300Z',
          model: 'gpt-4o-mini',
          modelParameters: { temperature: 0.2, maxTokens: 100, stop: ['x'] },
          input: [{ role: 'user', content: 'hi' }],
          parentObservationId: 'span-1',
          level: 'WARNING',
          statusMessage: 'slow',
          version: '3',
          environment: 'staging',
          metadata: { a: 1 },
          promptName: 'p',
          promptVersion: 2,
        }),
      ),
    );
    expect(observations[0]).toMatchObject({
      name: 'gen',
      startTime: new Date('2026-11-21T08:06:42.145Z'),
      completionStartTime: new Date('2026-11-21T08:06:42.300Z'),
      model: 'gpt-4o-mini',
      modelParameters: { temperature: 0.2, maxTokens: 100, stop: ['x'] },
      input: [{ role: 'user', content: 'hi' }],
      parentObservationId: 'span-1',
      level: 'WARNING',
      statusMessage: 'slow',
      version: '3',
      environment: 'staging',
      metadata: { a: 1 },
      promptName: 'p',
      promptVersion: '2',
    });
  });

  it('gives a created observation the envelope time as start, and an event an end equal to its start', () => {
    const { observations } = rows(mapIngestionEvent(event('event-create', { id: 'e1', traceId: 't1' })));
    expect(observations[0].startTime).toEqual(new Date(AT));
    expect(observations[0].endTime).toEqual(new Date(AT));
  });

  it('treats an explicit null parent as "not carried" and generates ids a create left out', () => {
    const { observations } = rows(mapIngestionEvent(event('span-create', { parentObservationId: null })));
    expect(observations[0].parentObservationId).toBeUndefined();
    expect(observations[0].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(observations[0].traceId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('requires id and traceId on updates', () => {
    expect(problems(mapIngestionEvent(event('span-update', { endTime: AT })))).toEqual([
      'body.id is required',
      'body.traceId is required',
    ]);
  });

  it('reports every bad field of an event', () => {
    const found = problems(
      mapIngestionEvent(
        event('generation-create', {
          id: 'g',
          traceId: 't',
          startTime: 'yesterday',
          level: 'LOUD',
          usage: { input: 'many' },
          modelParameters: 'hot',
          promptVersion: 1.5,
        }),
      ),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'body.startTime must be an ISO 8601 date-time',
        'body.level must be one of DEBUG, DEFAULT, WARNING, ERROR',
        'body.usage.input must be a number',
        'body.modelParameters must be an object',
        'body.promptVersion must be an integer',
      ]),
    );
  });

  it('rejects malformed envelopes and unknown types', () => {
    expect(mapIngestionEvent('nope')).toMatchObject({ outcome: 'invalid', id: null });
    expect(problems(mapIngestionEvent({ type: 'trace-create', body: {} }))).toEqual([
      'id (the event id) must be a non-empty string',
    ]);
    expect(problems(mapIngestionEvent(event('trace-create', 'x')))).toEqual(['body must be an object']);
    expect(problems(mapIngestionEvent(event('trace-create', undefined)))).toEqual(['body is required']);
    expect(problems(mapIngestionEvent(event('dataset-item-create', {})))).toEqual([
      'unsupported event type "dataset-item-create"',
    ]);
    expect(mapIngestionEvent(event('trace-create', { id: 't' }, { timestamp: 'soon' }))).toMatchObject({
      outcome: 'invalid',
      message: 'invalid event: timestamp must be an ISO 8601 date-time',
    });
  });

  it('accepts and ignores sdk-log', () => {
    expect(mapIngestionEvent(event('sdk-log', { log: { anything: true } }))).toEqual({ outcome: 'ignored', id: 'evt-sdk-log' });
  });

  describe('score-create', () => {
    const score = (body: Record<string, unknown>) =>
      mapIngestionEvent(event('score-create', { id: 's1', name: 'quality', traceId: 't1', ...body }));

    it('infers NUMERIC from a number and CATEGORICAL from a string', () => {
      expect(rows(score({ value: 0.9, comment: 'good' })).scores[0]).toMatchObject({
        id: 's1',
        name: 'quality',
        traceId: 't1',
        value: 0.9,
        dataType: 'NUMERIC',
        source: 'API',
        comment: 'good',
        timestamp: new Date(AT),
      });
      expect(rows(score({ value: 'good' })).scores[0]).toMatchObject({ dataType: 'CATEGORICAL', value: null, stringValue: 'good' });
    });

    it('stores BOOLEAN as 0/1 with True/False', () => {
      expect(rows(score({ value: 1, dataType: 'BOOLEAN', observationId: 'o1' })).scores[0]).toMatchObject({
        dataType: 'BOOLEAN',
        value: 1,
        stringValue: 'True',
        observationId: 'o1',
      });
      expect(rows(score({ value: false })).scores[0]).toMatchObject({ dataType: 'BOOLEAN', value: 0, stringValue: 'False' });
      expect(problems(score({ value: 0.5, dataType: 'BOOLEAN' }))).toEqual([
        'body.value of a BOOLEAN score must be 0 or 1 (or true/false)',
      ]);
    });

    it('checks the value against the declared type', () => {
      expect(problems(score({ value: 'high', dataType: 'NUMERIC' }))).toEqual(['body.value of a NUMERIC score must be a number']);
      expect(problems(score({ value: 3, dataType: 'CATEGORICAL' }))).toEqual([
        'body.value of a CATEGORICAL score must be a string',
      ]);
      expect(problems(score({ value: 3, dataType: 'PERCENT' }))[0]).toMatch(/dataType must be one of/);
    });

    it('requires a name, a value and something to attach to', () => {
      expect(problems(mapIngestionEvent(event('score-create', { value: 1 })))).toEqual([
        'body.name is required',
        'body.one of traceId, sessionId or datasetRunId is required',
      ]);
      expect(problems(score({ value: null }))).toEqual(['body.value is required']);
      expect(rows(mapIngestionEvent(event('score-create', { name: 'n', value: 1, sessionId: 's' }))).scores[0].sessionId).toBe('s');
    });
  });
});
