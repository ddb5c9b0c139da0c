import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';

const BASIC = `Basic ${Buffer.from('pk-lf-test:sk-lf-test').toString('base64')}`;
const AT = '2026-03-01T10:00:00.000Z';

type Prices = Record<string, number>;

/** Computed costs for every usage shape of the Langfuse ingestion door (`POST /api/public/ingestion`). */
describe('cost accounting on Langfuse ingestion', () => {
  let app: TestApp;
  const prices: Record<string, Prices> = {};
  beforeAll(async () => {
    app = await createTestApp({ XTRACE_PUBLIC_KEY: 'pk-lf-test', XTRACE_SECRET_KEY: 'sk-lf-test' });
    for (const id of ['builtin-openai-gpt-4o-mini', 'builtin-openai-o3-mini', 'builtin-anthropic-claude-sonnet-4-5-20250929']) {
      const model = (await app.request(`/api/public/models/${id}`)).body;
      prices[id] = Object.fromEntries(Object.entries(model.prices).map(([key, value]: [string, any]) => [key, value.price]));
    }
  });
  afterAll(() => app.close());

  async function send(events: { type: string; body: Record<string, unknown> }[]): Promise<void> {
    const batch = events.map((event) => ({ id: randomUUID(), timestamp: AT, ...event }));
    const response = await app.request('/api/public/ingestion', { method: 'POST', body: { batch }, headers: { authorization: BASIC } });
    expect(response.status).toBe(207);
    expect(response.body.errors).toEqual([]);
  }

  async function generationView(traceId: string, id: string): Promise<any> {
    const trace = await app.request(`/api/public/traces/${traceId}`);
    expect(trace.status).toBe(200);
    return trace.body.observations.find((observation: any) => observation.id === id);
  }

  function generationCreate(body: Record<string, unknown>) {
    const id = randomUUID();
    const traceId = randomUUID();
    return { id, traceId, event: { type: 'generation-create', body: { id, traceId, startTime: AT, ...body } } };
  }

  it('prices `usage` in the Langfuse shape', async () => {
    const { id, traceId, event } = generationCreate({ model: 'gpt-4o-mini', usage: { input: 1000, output: 200, total: 1200, unit: 'TOKENS' } });
    await send([event]);
    const p = prices['builtin-openai-gpt-4o-mini'];
    const view = await generationView(traceId, id);
    expect(view.modelId).toBe('builtin-openai-gpt-4o-mini');
    expect(view.calculatedInputCost).toBeCloseTo(1000 * p.input, 12);
    expect(view.calculatedOutputCost).toBeCloseTo(200 * p.output, 12);
    expect(view.calculatedTotalCost).toBeCloseTo(1000 * p.input + 200 * p.output, 12);
  });

  it('prices `usage` in the OpenAI camelCase shape', async () => {
    const { id, traceId, event } = generationCreate({ model: 'gpt-4o-mini', usage: { promptTokens: 300, completionTokens: 30, totalTokens: 330 } });
    await send([event]);
    const p = prices['builtin-openai-gpt-4o-mini'];
    expect((await generationView(traceId, id)).calculatedTotalCost).toBeCloseTo(300 * p.input + 30 * p.output, 12);
  });

  it('prices `usageDetails` with Anthropic cache keys at their own prices', async () => {
    const { id, traceId, event } = generationCreate({
      model: 'claude-sonnet-4-5',
      usageDetails: { input: 500, output: 100, total: 1700, cache_read_input_tokens: 1000, cache_creation_input_tokens: 100 },
    });
    await send([event]);
    const p = prices['builtin-anthropic-claude-sonnet-4-5-20250929'];
    const read = 1000 * p.input_cache_read;
    const write = 100 * p.input_cache_creation;
    const view = await generationView(traceId, id);
    expect(view.modelId).toBe('builtin-anthropic-claude-sonnet-4-5-20250929');
    expect(view.costDetails.cache_read_input_tokens).toBeCloseTo(read, 12);
    expect(view.costDetails.cache_creation_input_tokens).toBeCloseTo(write, 12);
    expect(view.calculatedInputCost).toBeCloseTo(500 * p.input + read + write, 12);
    expect(view.calculatedOutputCost).toBeCloseTo(100 * p.output, 12);
    expect(view.calculatedTotalCost).toBeCloseTo(500 * p.input + read + write + 100 * p.output, 12);
  });

  it('prices OpenAI chat `usageDetails`: cached and reasoning tokens are taken out of prompt and completion', async () => {
    const { id, traceId, event } = generationCreate({
      model: 'o3-mini',
      usageDetails: {
        prompt_tokens: 1000,
        completion_tokens: 600,
        total_tokens: 1600,
        prompt_tokens_details: { cached_tokens: 400 },
        completion_tokens_details: { reasoning_tokens: 500 },
      },
    });
    await send([event]);
    const p = prices['builtin-openai-o3-mini'];
    const input = 600 * p.input + 400 * p.input_cache_read;
    const output = 100 * p.output + 500 * p.output_reasoning;
    const view = await generationView(traceId, id);
    expect(view.usageDetails).toMatchObject({ input: 600, output: 100, total: 1600, input_cached_tokens: 400, output_reasoning_tokens: 500 });
    expect(view.costDetails.input_cached_tokens).toBeCloseTo(400 * p.input_cache_read, 12);
    expect(view.calculatedInputCost).toBeCloseTo(input, 12);
    expect(view.calculatedOutputCost).toBeCloseTo(output, 12);
    expect(view.calculatedTotalCost).toBeCloseTo(input + output, 12);
  });

  it('prices OpenAI Responses `usageDetails`', async () => {
    const { id, traceId, event } = generationCreate({
      model: 'openai/gpt-4o-mini',
      usageDetails: { input_tokens: 900, output_tokens: 90, input_tokens_details: { cached_tokens: 300 } },
    });
    await send([event]);
    const p = prices['builtin-openai-gpt-4o-mini'];
    expect((await generationView(traceId, id)).calculatedTotalCost).toBeCloseTo(600 * p.input + 300 * p.input_cache_read + 90 * p.output, 12);
  });

  it('prices a generation whose update (with usage) comes before its create, in one batch and across batches', async () => {
    const p = prices['builtin-openai-gpt-4o-mini'];
    const sameBatch = randomUUID();
    const traceId = randomUUID();
    await send([
      { type: 'generation-update', body: { id: sameBatch, traceId, usage: { input: 70, output: 7 }, endTime: AT } },
      { type: 'generation-create', body: { id: sameBatch, traceId, model: 'gpt-4o-mini', startTime: AT } },
    ]);
    expect((await generationView(traceId, sameBatch)).calculatedTotalCost).toBeCloseTo(70 * p.input + 7 * p.output, 12);

    const acrossBatches = randomUUID();
    await send([{ type: 'generation-update', body: { id: acrossBatches, traceId, usageDetails: { input: 40, output: 4 } } }]);
    expect((await generationView(traceId, acrossBatches)).calculatedTotalCost).toBeNull();
    await send([{ type: 'generation-create', body: { id: acrossBatches, traceId, model: 'gpt-4o-mini', startTime: AT } }]);
    expect((await generationView(traceId, acrossBatches)).calculatedTotalCost).toBeCloseTo(40 * p.input + 4 * p.output, 12);
    expect((await app.request(`/api/public/traces/${traceId}`)).body.totalCost).toBeCloseTo(
      70 * p.input + 7 * p.output + 40 * p.input + 4 * p.output,
      12,
    );
  });

  it('keeps the costs the client sent in costDetails or usage', async () => {
    const details = generationCreate({ model: 'gpt-4o-mini', usage: { input: 10, output: 10 }, costDetails: { input: 0.1, output: 0.2 } });
    const legacy = generationCreate({ model: 'gpt-4o-mini', usage: { input: 10, output: 10, totalCost: 0.7 } });
    await send([details.event, legacy.event]);
    expect(await generationView(details.traceId, details.id)).toMatchObject({ calculatedInputCost: 0.1, calculatedOutputCost: 0.2, modelId: null });
    expect((await generationView(details.traceId, details.id)).calculatedTotalCost).toBeCloseTo(0.3, 12);
    expect(await generationView(legacy.traceId, legacy.id)).toMatchObject({ calculatedTotalCost: 0.7, modelId: null });
  });

  it('prices by unit: a CHARACTERS model prices CHARACTERS usage only', async () => {
    const created = await app.request('/api/public/models', {
      method: 'POST',
      body: { modelName: 'tts-chars', matchPattern: '^tts-1$', unit: 'CHARACTERS', inputPrice: 0.000015 },
    });
    expect(created.status).toBe(201);
    const chars = generationCreate({ model: 'tts-1', usage: { input: 2000, unit: 'CHARACTERS' } });
    const tokens = generationCreate({ model: 'tts-1', usage: { input: 2000, unit: 'TOKENS' } });
    await send([chars.event, tokens.event]);
    expect(await generationView(chars.traceId, chars.id)).toMatchObject({ modelId: created.body.id });
    expect((await generationView(chars.traceId, chars.id)).calculatedTotalCost).toBeCloseTo(2000 * 0.000015, 12);
    expect(await generationView(tokens.traceId, tokens.id)).toMatchObject({ calculatedTotalCost: null, modelId: null });
  });
});
