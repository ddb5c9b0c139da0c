import { LangfuseClient } from '@langfuse/client';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { propagateAttributes, setActiveTraceIO, setLangfuseTracerProvider, startActiveObservation } from '@langfuse/tracing';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';

const KEYS = { publicKey: 'pk-lf-v5', secretKey: 'sk-lf-v5' };

/** The current OpenTelemetry-based Langfuse SDK (@langfuse/tracing + @langfuse/otel), read back with @langfuse/client. */
describe('@langfuse/tracing + @langfuse/otel against xtrace', () => {
  let app: TestApp;
  let provider: NodeTracerProvider;
  let client: LangfuseClient;
  beforeAll(async () => {
    app = await createTestApp({ XTRACE_PUBLIC_KEY: KEYS.publicKey, XTRACE_SECRET_KEY: KEYS.secretKey });
    const processor = new LangfuseSpanProcessor({
      ...KEYS,
      baseUrl: app.baseUrl,
      environment: 'staging',
      release: 'rel-5',
      exportMode: 'immediate',
    });
    provider = new NodeTracerProvider({ spanProcessors: [processor] });
    // As an application does: registers the provider and the async context manager that
    // propagateAttributes and active observations rely on.
    provider.register();
    setLangfuseTracerProvider(provider);
    client = new LangfuseClient({ ...KEYS, baseUrl: app.baseUrl });
  });
  afterAll(async () => {
    await provider.shutdown();
    setLangfuseTracerProvider(null);
    await client.shutdown();
    await app.close();
  });

  it('exports the observation tree over OTLP and reads it back with @langfuse/client', async () => {
    const ids: Record<string, string> = {};
    let traceId = '';
    await propagateAttributes(
      { userId: 'user-5', sessionId: 'sess-5', tags: ['a', 'b'], metadata: { tenant: 'acme' }, traceName: 'v5-trace', version: '1.2.3' },
      () =>
        startActiveObservation('v5-root', async (root) => {
          traceId = root.traceId;
          ids.root = root.id;
          root.update({ input: { q: 'hi' }, metadata: { rootmeta: 1 } });
          setActiveTraceIO({ input: { q: 'hi' }, output: { a: 'hello' } });
          const span = root.startObservation('v5-span', { input: { step: 1 } });
          ids.span = span.id;
          const generation = span.startObservation(
            'v5-gen',
            {
              model: 'gpt-4o-mini',
              modelParameters: { temperature: 0.2 },
              input: [{ role: 'user', content: 'hi' }],
              completionStartTime: new Date(),
              usageDetails: { input: 11, output: 7, total: 18 },
              costDetails: { input: 0.0011, output: 0.0014, total: 0.0025 },
            },
            { asType: 'generation' },
          );
          ids.generation = generation.id;
          generation.update({ output: { role: 'assistant', content: 'hello' } }).end();
          const event = span.startObservation('v5-event', { level: 'WARNING', statusMessage: 'careful', input: { e: 1 } }, { asType: 'event' });
          ids.event = event.id;
          const tool = span.startObservation('v5-tool', { input: { x: 1 } }, { asType: 'tool' });
          ids.tool = tool.id;
          tool.update({ level: 'ERROR', statusMessage: 'tool failed', output: { y: 2 } }).end();
          span.update({ output: { done: true } }).end();
          root.update({ output: { a: 'hello' } });
        }),
    );
    await provider.forceFlush();

    client.score.create({ traceId, name: 'quality', value: 0.9, comment: 'good' });
    client.score.create({ traceId, observationId: ids.generation, name: 'correct', value: 1, dataType: 'BOOLEAN' });
    client.score.create({ traceId, observationId: ids.generation, name: 'label', value: 'good', dataType: 'CATEGORICAL' });
    await client.score.flush();

    const trace = await client.api.trace.get(traceId);
    expect(trace).toMatchObject({
      id: traceId,
      name: 'v5-trace',
      userId: 'user-5',
      sessionId: 'sess-5',
      tags: ['a', 'b'],
      metadata: { tenant: 'acme' },
      release: 'rel-5',
      version: '1.2.3',
      environment: 'staging',
      input: { q: 'hi' },
      output: { a: 'hello' },
    });
    const byName = Object.fromEntries(trace.observations.map((observation) => [observation.name, observation]));
    expect(byName['v5-root']).toMatchObject({ id: ids.root, type: 'SPAN', parentObservationId: null });
    expect(byName['v5-root'].metadata).toMatchObject({ rootmeta: 1 });
    expect(byName['v5-span']).toMatchObject({ id: ids.span, type: 'SPAN', parentObservationId: ids.root, output: { done: true } });
    expect(byName['v5-gen']).toMatchObject({
      id: ids.generation,
      type: 'GENERATION',
      parentObservationId: ids.span,
      model: 'gpt-4o-mini',
      modelParameters: { temperature: 0.2 },
      input: [{ role: 'user', content: 'hi' }],
      output: { role: 'assistant', content: 'hello' },
      promptTokens: 11,
      completionTokens: 7,
      totalTokens: 18,
      calculatedTotalCost: 0.0025,
      environment: 'staging',
    });
    expect(byName['v5-gen'].completionStartTime).not.toBeNull();
    expect(byName['v5-event']).toMatchObject({ id: ids.event, type: 'EVENT', parentObservationId: ids.span, level: 'WARNING', statusMessage: 'careful' });
    expect(byName['v5-tool']).toMatchObject({ id: ids.tool, type: 'TOOL', parentObservationId: ids.span, level: 'ERROR', statusMessage: 'tool failed' });
    const scores = Object.fromEntries(trace.scores.map((score) => [score.name, score]));
    expect(scores.quality).toMatchObject({ value: 0.9, dataType: 'NUMERIC', comment: 'good' });
    expect(scores.correct).toMatchObject({ value: 1, dataType: 'BOOLEAN', observationId: ids.generation });
    expect(scores.label).toMatchObject({ dataType: 'CATEGORICAL', stringValue: 'good', observationId: ids.generation });

    const observations = await client.api.observations.getMany({ traceId, fields: 'core,basic,usage,model' });
    expect(observations.data).toHaveLength(5);
    expect(observations.data.find((observation) => observation.id === ids.generation)).toMatchObject({
      model: 'gpt-4o-mini',
      usageDetails: { input: 11, output: 7, total: 18 },
      costDetails: { input: 0.0011, output: 0.0014, total: 0.0025 },
    });
    const generation = await client.api.legacy.observationsV1.get(ids.generation);
    expect(generation).toMatchObject({ id: ids.generation, totalTokens: 18 });

    const session = await client.api.sessions.get('sess-5');
    expect(session.traces.map((item) => item.id)).toEqual([traceId]);
    const traces = await client.api.trace.list({ userId: 'user-5', tags: ['a', 'b'], environment: ['staging'] });
    expect(traces.data.map((item) => item.id)).toEqual([traceId]);
    const scoreList = await client.api.scores.getMany({ traceId });
    expect(scoreList.data.map((score) => score.name).sort()).toEqual(['correct', 'label', 'quality']);
    expect(await client.getTraceUrl(traceId)).toBe(`${app.baseUrl}/project/${app.projectId}/traces/${traceId}`);
  });
});
