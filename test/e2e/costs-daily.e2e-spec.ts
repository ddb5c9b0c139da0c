import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';

/** `GET /api/public/metrics/daily` shows computed costs, per day and per model, and follows repricing. */
describe('daily metrics with computed costs', () => {
  let app: TestApp;
  let gpt4o: Record<string, number>;
  let claude: Record<string, number>;
  const DAILY = '/api/public/metrics/daily?fromTimestamp=2026-04-10T00:00:00Z&toTimestamp=2026-04-11T23:59:59Z';

  beforeAll(async () => {
    app = await createTestApp();
    const read = async (id: string) =>
      Object.fromEntries(
        Object.entries((await app.request(`/api/public/models/${id}`)).body.prices).map(([key, value]: [string, any]) => [key, value.price]),
      );
    gpt4o = await read('builtin-openai-gpt-4o');
    claude = await read('builtin-anthropic-claude-haiku-4-5-20251001');
  });
  afterAll(() => app.close());

  async function ingest(trace: Record<string, unknown>, observations: Record<string, unknown>[]): Promise<void> {
    const response = await app.request('/v1/l/batch', { method: 'POST', body: { trace, observations } });
    expect(response.status).toBe(200);
  }

  function generation(traceId: string, startTime: string, fields: Record<string, unknown>) {
    return { id: randomUUID(), traceId, type: 'GENERATION', startTime, ...fields };
  }

  it('sums computed observation costs per day and per model; a client trace total wins for its trace', async () => {
    const a = randomUUID();
    const b = randomUUID();
    const c = randomUUID();
    await ingest({ id: a, timestamp: '2026-04-10T09:00:00Z' }, [
      generation(a, '2026-04-10T09:00:00Z', { model: 'gpt-4o', usage: { input: 1000, output: 100 } }),
      generation(a, '2026-04-10T09:00:01Z', { model: 'claude-haiku-4-5', usage: { input: 2000, output: 200 } }),
      { id: randomUUID(), traceId: a, type: 'SPAN', startTime: '2026-04-10T09:00:00Z' },
    ]);
    await ingest({ id: b, timestamp: '2026-04-10T15:00:00Z', totalCost: 0.5 }, [
      generation(b, '2026-04-10T15:00:00Z', { model: 'gpt-4o', usage: { input: 300, output: 30 } }),
      generation(b, '2026-04-10T15:00:01Z', { model: 'gpt-4o', usage: { input: 1, output: 1 }, calculatedTotalCost: 0.2 }),
    ]);
    await ingest({ id: c, timestamp: '2026-04-11T08:00:00Z' }, [
      generation(c, '2026-04-11T08:00:00Z', { model: 'gpt-4o', usage: { input: 50, output: 5 } }),
    ]);

    const aGpt = 1000 * gpt4o.input + 100 * gpt4o.output;
    const aClaude = 2000 * claude.input + 200 * claude.output;
    const bGpt = 300 * gpt4o.input + 30 * gpt4o.output;
    const cGpt = 50 * gpt4o.input + 5 * gpt4o.output;

    const response = await app.request(DAILY);
    expect(response.status).toBe(200);
    const [eleventh, tenth] = response.body.data;
    expect(eleventh).toMatchObject({ date: '2026-04-11', countTraces: 1, countObservations: 1 });
    expect(eleventh.totalCost).toBeCloseTo(cGpt, 12);
    expect(eleventh.usage).toHaveLength(1);
    expect(eleventh.usage[0].totalCost).toBeCloseTo(cGpt, 12);

    expect(tenth).toMatchObject({ date: '2026-04-10', countTraces: 2, countObservations: 5 });
    expect(tenth.totalCost).toBeCloseTo(aGpt + aClaude + 0.5, 12);
    const byModel = Object.fromEntries(tenth.usage.map((usage: any) => [usage.model, usage]));
    expect(byModel['gpt-4o']).toMatchObject({ inputUsage: 1301, outputUsage: 131, countTraces: 2, countObservations: 3 });
    expect(byModel['gpt-4o'].totalCost).toBeCloseTo(aGpt + bGpt + 0.2, 12);
    expect(byModel['claude-haiku-4-5'].totalCost).toBeCloseTo(aClaude, 12);
  });

  it('follows a reprice', async () => {
    const created = await app.request('/api/public/models', {
      method: 'POST',
      body: { modelName: 'gpt-4o discount', matchPattern: '^gpt-4o$', inputPrice: 0.000001, outputPrice: 0.000002 },
    });
    expect(created.status).toBe(201);
    const reprice = await app.request('/api/public/models/reprice', {
      method: 'POST',
      body: { from: '2026-04-11T00:00:00Z', to: '2026-04-11T23:59:59Z', model: 'gpt-4o' },
    });
    expect(reprice.body).toMatchObject({ observations: 1, changed: 1 });

    const [eleventh, tenth] = (await app.request(DAILY)).body.data;
    expect(eleventh.totalCost).toBeCloseTo(50 * 0.000001 + 5 * 0.000002, 12);
    // Outside the repriced window nothing moved.
    expect(tenth.totalCost).toBeCloseTo(1000 * gpt4o.input + 100 * gpt4o.output + 2000 * claude.input + 200 * claude.output + 0.5, 12);
  });
});
