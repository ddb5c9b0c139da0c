import { createTestApp, type TestApp } from '../setup/create-test-app.js';

describe('the models API', () => {
  let app: TestApp;
  let other: TestApp;
  beforeAll(async () => {
    [app, other] = await Promise.all([createTestApp(), createTestApp()]);
  });
  afterAll(() => Promise.all([app.close(), other.close()]));

  const create = (body: unknown, on: TestApp = app) => on.request('/api/public/models', { method: 'POST', body });

  it('lists the built-in price list in the Langfuse shape', async () => {
    const response = await app.request('/api/public/models?limit=200');
    expect(response.status).toBe(200);
    expect(response.body.meta).toMatchObject({ page: 1, limit: 200 });
    expect(response.body.meta.totalItems).toBeGreaterThan(100);
    expect(response.body.meta.totalPages).toBe(Math.ceil(response.body.meta.totalItems / 200));
    const gpt4o = response.body.data.find((model: any) => model.modelName === 'gpt-4o');
    expect(gpt4o).toEqual({
      id: 'builtin-openai-gpt-4o',
      modelName: 'gpt-4o',
      matchPattern: '(?i)^(openai/)?(gpt-4o)$',
      startDate: null,
      unit: 'TOKENS',
      inputPrice: 0.0000025,
      outputPrice: 0.00001,
      totalPrice: null,
      prices: { input: { price: 0.0000025 }, output: { price: 0.00001 }, input_cache_read: { price: 0.00000125 } },
      pricingTiers: [
        {
          id: 'builtin-openai-gpt-4o_tier_default',
          name: 'Standard',
          isDefault: true,
          priority: 0,
          conditions: [],
          prices: { input: 0.0000025, output: 0.00001, input_cache_read: 0.00000125 },
        },
      ],
      tokenizerId: null,
      tokenizerConfig: null,
      isLangfuseManaged: true,
      createdAt: expect.any(String),
    });
    const families = ['gpt-5', 'claude-sonnet-4-5-20250929', 'gemini-2.5-pro', 'mistral-large-latest'];
    for (const family of families) expect(response.body.data.map((model: any) => model.modelName)).toContain(family);
  });

  it('pages the list', async () => {
    const all = (await app.request('/api/public/models?limit=200')).body.data.map((model: any) => model.id);
    const page2 = await app.request('/api/public/models?page=2&limit=3');
    expect(page2.body.data.map((model: any) => model.id)).toEqual(all.slice(3, 6));
    expect(page2.body.meta).toMatchObject({ page: 2, limit: 3 });
    const clamped = await app.request('/api/public/models?page=0&limit=5000');
    expect(clamped.body.meta).toMatchObject({ page: 1, limit: 200 });
  });

  it('reads one model, built-in or own', async () => {
    const builtIn = await app.request('/api/public/models/builtin-anthropic-claude-sonnet-4-5-20250929');
    expect(builtIn.status).toBe(200);
    expect(builtIn.body).toMatchObject({ inputPrice: 0.000003, outputPrice: 0.000015, isLangfuseManaged: true });
    const missing = await app.request('/api/public/models/no-such-model');
    expect(missing.status).toBe(404);
    expect(missing.body).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('creates a project model that lists before the built-in ones', async () => {
    const created = await create({
      modelName: 'my-llama',
      matchPattern: '(?i)^(local/)?my-llama(-\\d+b)?$',
      startDate: '2026-01-01T00:00:00Z',
      inputPrice: 0.0000001,
      outputPrice: 0.0000002,
      prices: { input_cached_tokens: 0.00000005, output_reasoning_tokens: { price: 0.0000003 } },
      tokenizerId: 'none',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: expect.any(String),
      modelName: 'my-llama',
      startDate: '2026-01-01T00:00:00.000Z',
      unit: 'TOKENS',
      inputPrice: 0.0000001,
      outputPrice: 0.0000002,
      totalPrice: null,
      prices: {
        input: { price: 0.0000001 },
        output: { price: 0.0000002 },
        input_cached_tokens: { price: 0.00000005 },
        output_reasoning_tokens: { price: 0.0000003 },
      },
      tokenizerId: 'none',
      isLangfuseManaged: false,
    });
    const list = await app.request('/api/public/models?limit=1');
    expect(list.body.data[0].id).toBe(created.body.id);
    expect((await app.request(`/api/public/models/${created.body.id}`)).body).toEqual(created.body);
  });

  it('takes one default Langfuse pricing tier instead of flat prices', async () => {
    const created = await create({
      modelName: 'tiered',
      matchPattern: '^tiered$',
      unit: 'CHARACTERS',
      pricingTiers: [{ name: 'Standard', isDefault: true, priority: 0, conditions: [], prices: { input: 1e-7, output: 2e-7 } }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ unit: 'CHARACTERS', inputPrice: 1e-7, outputPrice: 2e-7 });
  });

  it.each([
    ['no price', { modelName: 'x', matchPattern: '^x$' }, /at least one price/],
    ['an invalid pattern', { modelName: 'x', matchPattern: '(unclosed', inputPrice: 1 }, /invalid matchPattern/],
    ['a negative price', { modelName: 'x', matchPattern: '^x$', inputPrice: -1 }, /inputPrice/],
    ['a total price with an input price', { modelName: 'x', matchPattern: '^x$', inputPrice: 1, totalPrice: 1 }, /totalPrice/],
    ['an unknown unit', { modelName: 'x', matchPattern: '^x$', inputPrice: 1, unit: 'BYTES' }, /unit/],
    ['an unknown field', { modelName: 'x', matchPattern: '^x$', inputPrice: 1, currency: 'EUR' }, /currency/],
    ['a bad start date', { modelName: 'x', matchPattern: '^x$', inputPrice: 1, startDate: 'yesterday' }, /startDate/],
    ['a non-numeric detail price', { modelName: 'x', matchPattern: '^x$', prices: { input: 'free' } }, /prices/],
    [
      'two price keys for one usage type',
      { modelName: 'x', matchPattern: '^x$', prices: { input_cached_tokens: 1, cache_read_input_tokens: 2 } },
      /input_cache_read/,
    ],
    [
      'a conditional pricing tier',
      {
        modelName: 'x',
        matchPattern: '^x$',
        pricingTiers: [{ name: 'Long', isDefault: false, priority: 1, conditions: [{}], prices: { input: 1 } }],
      },
      /default pricing tier/,
    ],
    [
      'tiers and flat prices together',
      {
        modelName: 'x',
        matchPattern: '^x$',
        inputPrice: 1,
        pricingTiers: [{ name: 'Standard', isDefault: true, priority: 0, conditions: [], prices: { input: 1 } }],
      },
      /either pricingTiers or flat prices/,
    ],
  ])('refuses %s with a 400 envelope', async (_case, body, message) => {
    const response = await create(body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'BAD_REQUEST', requestId: expect.any(String) });
    expect(response.body.message).toMatch(message);
  });

  it('keeps project models to their project', async () => {
    const mine = await create({ modelName: 'private', matchPattern: '^private$', inputPrice: 1 });
    expect((await other.request(`/api/public/models/${mine.body.id}`)).status).toBe(404);
    const theirList = await other.request('/api/public/models?limit=200');
    expect(theirList.body.data.map((model: any) => model.id)).not.toContain(mine.body.id);
    expect((await other.request(`/api/public/models/${mine.body.id}`, { method: 'DELETE' })).status).toBe(404);
    expect((await app.request(`/api/public/models/${mine.body.id}`)).status).toBe(200);
  });

  it('deletes project models but not built-in ones', async () => {
    const mine = await create({ modelName: 'short-lived', matchPattern: '^short-lived$', totalPrice: 0.001 });
    const deleted = await app.request(`/api/public/models/${mine.body.id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ message: 'Model successfully deleted' });
    expect((await app.request(`/api/public/models/${mine.body.id}`)).status).toBe(404);
    expect((await app.request(`/api/public/models/${mine.body.id}`, { method: 'DELETE' })).status).toBe(404);

    const builtIn = await app.request('/api/public/models/builtin-openai-gpt-4o', { method: 'DELETE' });
    expect(builtIn.status).toBe(400);
    expect(builtIn.body.message).toMatch(/built-in models cannot be deleted/);
    expect((await app.request('/api/public/models/builtin-openai-gpt-4o')).status).toBe(200);
  });

  it('needs credentials', async () => {
    expect((await app.request('/api/public/models', { anonymous: true })).status).toBe(401);
  });
});
