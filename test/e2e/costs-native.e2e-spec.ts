import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';

/** Computed costs through the native door (`POST /v1/l/batch`), trace totals and repricing. */
describe('cost accounting on native ingest', () => {
  let app: TestApp;
  let db: pg.Client;
  let gpt4o: { input: number; output: number; cached: number };
  beforeAll(async () => {
    app = await createTestApp();
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    const model = (await app.request('/api/public/models/builtin-openai-gpt-4o')).body;
    gpt4o = { input: model.prices.input.price, output: model.prices.output.price, cached: model.prices.input_cache_read.price };
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  async function ingest(observations: Record<string, unknown>[], trace?: Record<string, unknown>): Promise<void> {
    const response = await app.request('/v1/l/batch', { method: 'POST', body: { trace, observations } });
    expect(response.status).toBe(200);
  }

  function generation(traceId: string, fields: Record<string, unknown>): Record<string, unknown> {
    return { id: randomUUID(), traceId, type: 'GENERATION', startTime: '2026-03-01T10:00:00Z', ...fields };
  }

  async function observation(traceId: string, id: string): Promise<any> {
    const trace = await app.request(`/api/public/traces/${traceId}`);
    expect(trace.status).toBe(200);
    return trace.body.observations.find((item: any) => item.id === id);
  }

  async function costSource(id: string): Promise<string | null> {
    const result = await db.query('SELECT cost_source FROM observations WHERE project_id = $1 AND id = $2', [app.projectId, id]);
    return result.rows[0].cost_source;
  }

  async function createModel(body: Record<string, unknown>): Promise<string> {
    const response = await app.request('/api/public/models', { method: 'POST', body });
    expect(response.status).toBe(201);
    return response.body.id;
  }

  it('prices Langfuse-style usage with the built-in model and shows it on the observation and the trace', async () => {
    const traceId = randomUUID();
    const gen = generation(traceId, { model: 'gpt-4o', usage: { input: 1200, output: 300, total: 1500, unit: 'TOKENS' } });
    await ingest([gen], { id: traceId, name: 'priced' });

    const input = 1200 * gpt4o.input;
    const output = 300 * gpt4o.output;
    const view = await observation(traceId, gen.id as string);
    expect(view.modelId).toBe('builtin-openai-gpt-4o');
    expect(view.calculatedInputCost).toBeCloseTo(input, 12);
    expect(view.calculatedOutputCost).toBeCloseTo(output, 12);
    expect(view.calculatedTotalCost).toBeCloseTo(input + output, 12);
    expect(view.usage).toMatchObject({ input: 1200, output: 300, total: 1500 });
    expect(view.usage.totalCost).toBeCloseTo(input + output, 12);
    expect(view.costDetails.input).toBeCloseTo(input, 12);
    expect(view.costDetails.output).toBeCloseTo(output, 12);
    expect(view.costDetails.total).toBeCloseTo(input + output, 12);
    expect(await costSource(gen.id as string)).toBe('computed');

    const trace = await app.request(`/api/public/traces/${traceId}`);
    expect(trace.body.totalCost).toBeCloseTo(input + output, 12);
    const list = await app.request('/api/public/traces?name=priced');
    expect(list.body.data[0].totalCost).toBeCloseTo(input + output, 12);
  });

  it('prices OpenAI-style usage, token fields and detail keys', async () => {
    const traceId = randomUUID();
    const camel = generation(traceId, { model: 'openai/GPT-4o', usage: { promptTokens: 100, completionTokens: 10, totalTokens: 110 } });
    const tokenFields = generation(traceId, { model: 'gpt-4o', promptTokens: 50, completionTokens: 5 });
    const cached = generation(traceId, { model: 'gpt-4o', usage: { input: 800, output: 100, cache_read_input_tokens: 200 } });
    await ingest([camel, tokenFields, cached]);

    const camelView = await observation(traceId, camel.id as string);
    expect(camelView.calculatedTotalCost).toBeCloseTo(100 * gpt4o.input + 10 * gpt4o.output, 12);
    const tokenView = await observation(traceId, tokenFields.id as string);
    expect(tokenView.calculatedTotalCost).toBeCloseTo(50 * gpt4o.input + 5 * gpt4o.output, 12);

    const cachedView = await observation(traceId, cached.id as string);
    const cachedCost = 200 * gpt4o.cached;
    expect(cachedView.costDetails.cache_read_input_tokens).toBeCloseTo(cachedCost, 12);
    expect(cachedView.calculatedInputCost).toBeCloseTo(800 * gpt4o.input + cachedCost, 12);
    expect(cachedView.calculatedOutputCost).toBeCloseTo(100 * gpt4o.output, 12);

    const expectedTrace =
      100 * gpt4o.input + 10 * gpt4o.output + 50 * gpt4o.input + 5 * gpt4o.output + 800 * gpt4o.input + cachedCost + 100 * gpt4o.output;
    expect((await app.request(`/api/public/traces/${traceId}`)).body.totalCost).toBeCloseTo(expectedTrace, 12);
  });

  it('leaves observations without usage, model or a matching price unpriced', async () => {
    const traceId = randomUUID();
    const noUsage = generation(traceId, { model: 'gpt-4o' });
    const noModel = generation(traceId, { usage: { input: 10, output: 10 } });
    const unknownModel = generation(traceId, { model: 'homegrown-7b', usage: { input: 10, output: 10 } });
    await ingest([noUsage, noModel, unknownModel]);
    for (const gen of [noUsage, noModel, unknownModel]) {
      const view = await observation(traceId, gen.id as string);
      expect(view.calculatedTotalCost).toBeNull();
      expect(view.modelId).toBeNull();
    }
    expect((await app.request(`/api/public/traces/${traceId}`)).body.totalCost).toBe(0);
  });

  it('keeps costs the client sent, whatever arrives later', async () => {
    const traceId = randomUUID();
    const gen = generation(traceId, { model: 'gpt-4o', usage: { input: 1000, output: 1000 }, calculatedTotalCost: 0.5 });
    await ingest([gen]);
    let view = await observation(traceId, gen.id as string);
    expect(view.calculatedTotalCost).toBe(0.5);
    expect(view.modelId).toBeNull();
    expect(await costSource(gen.id as string)).toBe('client');

    await ingest([{ id: gen.id, traceId, model: 'gpt-4o-mini', usage: { input: 5, output: 5 } }]);
    view = await observation(traceId, gen.id as string);
    expect(view.calculatedTotalCost).toBe(0.5);
    expect((await app.request(`/api/public/traces/${traceId}`)).body.totalCost).toBe(0.5);
  });

  it('lets a client cost replace a computed one as a whole', async () => {
    const traceId = randomUUID();
    const gen = generation(traceId, { model: 'gpt-4o', usage: { input: 1000, output: 1000 } });
    await ingest([gen]);
    expect((await observation(traceId, gen.id as string)).calculatedInputCost).toBeCloseTo(1000 * gpt4o.input, 12);

    await ingest([{ id: gen.id, traceId, calculatedTotalCost: 0.25 }]);
    const view = await observation(traceId, gen.id as string);
    expect(view).toMatchObject({ calculatedTotalCost: 0.25, calculatedInputCost: null, calculatedOutputCost: null, modelId: null });
    expect(await costSource(gen.id as string)).toBe('client');
  });

  it('prices the merged row when the usage arrives before the model and start time', async () => {
    const traceId = randomUUID();
    const id = randomUUID();
    await ingest([{ id, traceId, usage: { input: 400, output: 40 } }]);
    expect((await observation(traceId, id)).calculatedTotalCost).toBeNull();

    await ingest([{ id, traceId, type: 'GENERATION', model: 'gpt-4o', startTime: '2026-03-01T10:00:00Z' }]);
    const view = await observation(traceId, id);
    expect(view.calculatedTotalCost).toBeCloseTo(400 * gpt4o.input + 40 * gpt4o.output, 12);
    expect(view.modelId).toBe('builtin-openai-gpt-4o');
  });

  it('merges an update and a create of one batch before pricing', async () => {
    const traceId = randomUUID();
    const id = randomUUID();
    await ingest([
      { id, traceId, usage: { input: 10, output: 20 }, endTime: '2026-03-01T10:00:05Z' },
      { id, traceId, type: 'GENERATION', model: 'gpt-4o', startTime: '2026-03-01T10:00:00Z' },
    ]);
    expect((await observation(traceId, id)).calculatedTotalCost).toBeCloseTo(10 * gpt4o.input + 20 * gpt4o.output, 12);
  });

  it('prefers a project model over the built-in one', async () => {
    const modelId = await createModel({ modelName: 'gpt-4o', matchPattern: '(?i)^(openai/)?gpt-4o$', inputPrice: 0.00001, outputPrice: 0.00002 });
    const traceId = randomUUID();
    const gen = generation(traceId, { model: 'gpt-4o', usage: { input: 100, output: 50 } });
    await ingest([gen]);
    const view = await observation(traceId, gen.id as string);
    expect(view.modelId).toBe(modelId);
    expect(view.calculatedTotalCost).toBeCloseTo(100 * 0.00001 + 50 * 0.00002, 12);
    // Other tests of this file price gpt-4o with the built-in row.
    expect((await app.request(`/api/public/models/${modelId}`, { method: 'DELETE' })).status).toBe(200);
  });

  it('applies the newest price whose start date is not after the observation start', async () => {
    const pattern = '^acme-llm$';
    const always = await createModel({ modelName: 'acme-llm', matchPattern: pattern, inputPrice: 1e-6, outputPrice: 2e-6 });
    const april = await createModel({
      modelName: 'acme-llm',
      matchPattern: pattern,
      startDate: '2026-04-01T00:00:00Z',
      inputPrice: 3e-6,
      outputPrice: 4e-6,
    });
    const june = await createModel({
      modelName: 'acme-llm',
      matchPattern: pattern,
      startDate: '2026-06-01T00:00:00Z',
      inputPrice: 5e-6,
      outputPrice: 6e-6,
    });
    const traceId = randomUUID();
    const usage = { input: 1000, output: 100 };
    const march = generation(traceId, { model: 'acme-llm', startTime: '2026-03-31T23:59:59Z', usage });
    const aprilFirst = generation(traceId, { model: 'acme-llm', startTime: '2026-04-01T00:00:00Z', usage });
    const july = generation(traceId, { model: 'ACME-LLM', startTime: '2026-07-01T00:00:00Z', usage });
    await ingest([march, aprilFirst, july]);

    expect(await observation(traceId, march.id as string)).toMatchObject({ modelId: always });
    expect((await observation(traceId, march.id as string)).calculatedTotalCost).toBeCloseTo(1000 * 1e-6 + 100 * 2e-6, 12);
    expect(await observation(traceId, aprilFirst.id as string)).toMatchObject({ modelId: april });
    expect((await observation(traceId, aprilFirst.id as string)).calculatedTotalCost).toBeCloseTo(1000 * 3e-6 + 100 * 4e-6, 12);
    expect(await observation(traceId, july.id as string)).toMatchObject({ modelId: june });
    expect((await observation(traceId, july.id as string)).calculatedTotalCost).toBeCloseTo(1000 * 5e-6 + 100 * 6e-6, 12);
  });

  it('prices new observations with a new model; repricing updates old ones, dry run first', async () => {
    const traceId = randomUUID();
    const model = 'reprice-me';
    const old = generation(traceId, { model, startTime: '2026-02-01T00:00:00Z', usage: { input: 2000, output: 500 } });
    const clientPriced = generation(traceId, { model, startTime: '2026-02-01T00:00:01Z', usage: { input: 1, output: 1 }, calculatedTotalCost: 9 });
    const otherModel = generation(traceId, { model: 'gpt-4o', startTime: '2026-02-01T00:00:02Z', usage: { input: 10, output: 10 } });
    const outside = generation(traceId, { model, startTime: '2026-05-01T00:00:00Z', usage: { input: 7, output: 7 } });
    await ingest([old, clientPriced, otherModel, outside], { id: traceId });
    expect((await observation(traceId, old.id as string)).calculatedTotalCost).toBeNull();

    const first = await createModel({ modelName: model, matchPattern: `^${model}$`, inputPrice: 1e-6, outputPrice: 4e-6 });
    const fresh = generation(traceId, { model, startTime: '2026-02-02T00:00:00Z', usage: { input: 100, output: 100 } });
    await ingest([fresh]);
    expect((await observation(traceId, fresh.id as string)).calculatedTotalCost).toBeCloseTo(100 * 1e-6 + 100 * 4e-6, 12);
    expect((await observation(traceId, old.id as string)).calculatedTotalCost).toBeNull();

    const window = { from: '2026-02-01T00:00:00Z', to: '2026-02-28T23:59:59Z', model: 'REPRICE-ME' };
    const oldCost = 2000 * 1e-6 + 500 * 4e-6;
    const dryRun = await app.request('/api/public/models/reprice', { method: 'POST', body: { ...window, dryRun: true } });
    expect(dryRun.status).toBe(200);
    expect(dryRun.body.observations).toBe(2);
    expect(dryRun.body.changed).toBe(1);
    expect(dryRun.body.costDelta).toBeCloseTo(oldCost, 12);
    expect((await observation(traceId, old.id as string)).calculatedTotalCost).toBeNull();

    const real = await app.request('/api/public/models/reprice', { method: 'POST', body: window });
    expect(real.body).toEqual(dryRun.body);
    expect((await observation(traceId, old.id as string)).calculatedTotalCost).toBeCloseTo(oldCost, 12);
    expect((await observation(traceId, old.id as string)).modelId).toBe(first);
    expect((await observation(traceId, clientPriced.id as string)).calculatedTotalCost).toBe(9);
    expect((await observation(traceId, outside.id as string)).calculatedTotalCost).toBeNull();

    const again = await app.request('/api/public/models/reprice', { method: 'POST', body: window });
    expect(again.body).toEqual({ observations: 2, changed: 0, costDelta: 0 });

    // A price change from February on: the delta is new minus old for both observations.
    const second = await createModel({
      modelName: model,
      matchPattern: `^${model}$`,
      startDate: '2026-02-01T00:00:00Z',
      inputPrice: 2e-6,
      outputPrice: 5e-6,
    });
    const freshOld = 100 * 1e-6 + 100 * 4e-6;
    const oldNew = 2000 * 2e-6 + 500 * 5e-6;
    const freshNew = 100 * 2e-6 + 100 * 5e-6;
    const repriced = await app.request('/api/public/models/reprice', { method: 'POST', body: window });
    expect(repriced.body.observations).toBe(2);
    expect(repriced.body.changed).toBe(2);
    expect(repriced.body.costDelta).toBeCloseTo(oldNew - oldCost + (freshNew - freshOld), 12);
    expect((await observation(traceId, old.id as string)).modelId).toBe(second);
    const expectedTrace = oldNew + freshNew + 9 + 10 * gpt4o.input + 10 * gpt4o.output;
    expect((await app.request(`/api/public/traces/${traceId}`)).body.totalCost).toBeCloseTo(expectedTrace, 12);

    // Without a price any more, computed costs are cleared; client costs stay.
    await app.request(`/api/public/models/${first}`, { method: 'DELETE' });
    await app.request(`/api/public/models/${second}`, { method: 'DELETE' });
    const cleared = await app.request('/api/public/models/reprice', { method: 'POST', body: window });
    expect(cleared.body.changed).toBe(2);
    expect(cleared.body.costDelta).toBeCloseTo(-(oldNew + freshNew), 12);
    expect(await observation(traceId, old.id as string)).toMatchObject({ calculatedTotalCost: null, modelId: null });
    expect((await observation(traceId, clientPriced.id as string)).calculatedTotalCost).toBe(9);
  });

  it('refuses a reversed or malformed reprice window', async () => {
    const reversed = await app.request('/api/public/models/reprice', {
      method: 'POST',
      body: { from: '2026-02-02T00:00:00Z', to: '2026-02-01T00:00:00Z' },
    });
    expect(reversed.status).toBe(400);
    expect(reversed.body.message).toMatch(/from must be <= to/);
    const malformed = await app.request('/api/public/models/reprice', { method: 'POST', body: { from: 'then', to: 'now' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body.details).toHaveProperty('from');
  });
});
