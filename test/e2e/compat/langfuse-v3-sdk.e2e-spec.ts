import { Langfuse } from 'langfuse';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';

/** The deprecated but widespread v3 JS SDK, unchanged, pointed at xtrace with Basic keys. */
describe('langfuse v3 SDK against xtrace', () => {
  let app: TestApp;
  let langfuse: Langfuse;
  const errors: unknown[] = [];
  beforeAll(async () => {
    app = await createTestApp({ XTRACE_PUBLIC_KEY: 'pk-lf-v3', XTRACE_SECRET_KEY: 'sk-lf-v3' });
    langfuse = new Langfuse({
      publicKey: 'pk-lf-v3',
      secretKey: 'sk-lf-v3',
      baseUrl: app.baseUrl,
      flushAt: 1000,
      flushInterval: 60_000,
      fetchRetryCount: 0,
      release: 'r-42',
    });
    langfuse.on('error', (error: unknown) => errors.push(error));
  });
  afterAll(async () => {
    await langfuse.shutdownAsync();
    await app.close();
  });

  it('sends trace → span → nested generation → event → scores, and reads them back with the SDK', async () => {
    const trace = langfuse.trace({
      name: 'checkout-agent',
      userId: 'user-v3',
      sessionId: 'session-v3',
      tags: ['prod', 'agent'],
      metadata: { tenant: 'acme' },
      input: { question: 'what is 2+2?' },
      version: 'v7',
    });
    const span = trace.span({ name: 'plan', input: { step: 1 }, metadata: { planner: 'simple' } });
    const generation = span.generation({
      name: 'llm-call',
      model: 'gpt-4o-mini',
      modelParameters: { temperature: 0.2, maxTokens: 100 },
      input: [{ role: 'user', content: 'what is 2+2?' }],
      completionStartTime: new Date(),
    });
    generation.end({
      output: { role: 'assistant', content: '4' },
      usageDetails: { input: 11, output: 7, total: 18, cache_read_input_tokens: 2 },
      costDetails: { input: 0.0011, output: 0.0014, total: 0.0025 },
    });
    span.event({ name: 'retry-decided', level: 'WARNING', statusMessage: 'slow upstream', input: { attempt: 2 } });
    const failing = span.span({ name: 'tool', input: { query: 'x' } });
    failing.end({ level: 'ERROR', statusMessage: 'tool crashed' });
    span.end({ output: { done: true } });
    trace.update({ output: { answer: '4' } });
    trace.score({ name: 'quality', value: 0.9, comment: 'good' });
    langfuse.score({ traceId: trace.id, observationId: generation.id, name: 'correct', value: 1, dataType: 'BOOLEAN' });
    langfuse.score({ traceId: trace.id, name: 'label', value: 'good', dataType: 'CATEGORICAL' });

    await langfuse.flushAsync();
    expect(errors).toEqual([]);

    const { data: stored } = await langfuse.fetchTrace(trace.id);
    expect(stored).toMatchObject({
      id: trace.id,
      name: 'checkout-agent',
      userId: 'user-v3',
      sessionId: 'session-v3',
      tags: ['prod', 'agent'],
      metadata: { tenant: 'acme' },
      input: { question: 'what is 2+2?' },
      output: { answer: '4' },
      release: 'r-42',
      version: 'v7',
    });
    const byName = Object.fromEntries(stored.observations.map((observation) => [observation.name, observation]));
    expect(Object.keys(byName).sort()).toEqual(['llm-call', 'plan', 'retry-decided', 'tool']);
    expect(byName.plan).toMatchObject({ type: 'SPAN', parentObservationId: null, output: { done: true } });
    expect(byName['llm-call']).toMatchObject({
      type: 'GENERATION',
      parentObservationId: span.id,
      model: 'gpt-4o-mini',
      modelParameters: { temperature: 0.2, maxTokens: 100 },
      output: { role: 'assistant', content: '4' },
      promptTokens: 11,
      completionTokens: 7,
      totalTokens: 18,
      usageDetails: { input: 11, output: 7, total: 18, cache_read_input_tokens: 2 },
      calculatedTotalCost: 0.0025,
      costDetails: { input: 0.0011, output: 0.0014, total: 0.0025 },
    });
    expect(byName['retry-decided']).toMatchObject({ type: 'EVENT', parentObservationId: span.id, level: 'WARNING', statusMessage: 'slow upstream' });
    expect(byName.tool).toMatchObject({ type: 'SPAN', parentObservationId: span.id, level: 'ERROR', statusMessage: 'tool crashed' });
    const scores = Object.fromEntries(stored.scores.map((score) => [score.name, score]));
    expect(scores.quality).toMatchObject({ value: 0.9, dataType: 'NUMERIC', comment: 'good' });
    expect(scores.correct).toMatchObject({ value: 1, dataType: 'BOOLEAN', observationId: generation.id });
    expect(scores.label).toMatchObject({ dataType: 'CATEGORICAL', stringValue: 'good' });

    const traces = await langfuse.fetchTraces({ userId: 'user-v3', tags: ['prod', 'agent'] });
    expect(traces.data.map((item) => item.id)).toEqual([trace.id]);
    expect(traces.data[0].scores).toHaveLength(3);

    const generations = await langfuse.fetchObservations({ traceId: trace.id, type: 'GENERATION' });
    expect(generations.data.map((observation) => observation.id)).toEqual([generation.id]);
    const { data: one } = await langfuse.fetchObservation(generation.id);
    expect(one).toMatchObject({ id: generation.id, model: 'gpt-4o-mini', totalTokens: 18 });

    const sessions = await langfuse.fetchSessions();
    expect(sessions.data.map((session) => session.id)).toEqual(['session-v3']);
    const session = await langfuse.api.sessionsGet('session-v3');
    expect(session.traces.map((item) => item.id)).toEqual([trace.id]);

    const quality = await langfuse.api.scoreV2Get({ name: 'quality' });
    expect(quality.data).toEqual([expect.objectContaining({ traceId: trace.id, value: 0.9 })]);
    const project = await langfuse.api.projectsGet();
    expect(project.data[0].id).toBe(app.projectId);
  });
});
