import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('GET /api/public/metrics/daily', () => {
  let app: TestApp;
  let db: pg.Client;
  const today = Math.floor(Date.now() / DAY) * DAY;
  const day1 = today - DAY;
  const day2 = today - 2 * DAY;
  const day3 = today - 40 * DAY;
  const date = (ms: number) => iso(ms).slice(0, 10);

  beforeAll(async () => {
    app = await createTestApp();
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    // The trace ingest is another module's; rows go in directly as that module stores them.
    const traces = [
      [app.projectId, 't1', iso(day1 + 10 * 3_600_000), 'chat', 'u1', ['a', 'b'], 'v1', 'r1', 0.5],
      [app.projectId, 't2', iso(day1 + DAY - 1), 'chat', 'u2', ['a'], null, null, null],
      [app.projectId, 't3', iso(day2 + 60_000), 'other', 'u1', ['b'], null, null, 1.25],
      [app.projectId, 't4', iso(day3), 'chat', 'u1', [], null, null, 2],
      ['another-project', 't5', iso(day1 + 60_000), 'chat', 'u1', ['a', 'b'], 'v1', 'r1', 100],
    ];
    for (const trace of traces) {
      await db.query(
        `INSERT INTO traces (project_id, id, timestamp, name, user_id, tags, version, release, total_cost)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        trace,
      );
    }
    const observations = [
      [app.projectId, 'o1', 't1', 'GENERATION', 'gpt-4o', 10, 5, 15, 0.1],
      [app.projectId, 'o2', 't1', 'GENERATION', 'gpt-4o', 1, 2, 3, 0.2],
      [app.projectId, 'o3', 't1', 'SPAN', null, null, null, null, null],
      [app.projectId, 'o4', 't2', 'GENERATION', null, 4, 4, 8, 0.05],
      [app.projectId, 'o5', 't2', 'EVENT', null, null, null, null, null],
      [app.projectId, 'o6', 't3', 'GENERATION', 'claude', 100, 50, 150, 0.9],
      [app.projectId, 'o7', 't4', 'GENERATION', 'claude', 1, 1, 2, 0.01],
      ['another-project', 'o8', 't5', 'GENERATION', 'gpt-4o', 1000, 1000, 2000, 50],
    ];
    for (const observation of observations) {
      await db.query(
        `INSERT INTO observations (project_id, id, trace_id, type, model, prompt_tokens, completion_tokens, total_tokens, calculated_total_cost)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING`,
        observation,
      );
    }
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  const day1Entry = {
    date: date(day1),
    countTraces: 2,
    countObservations: 5,
    // t1's own 0.5, and t2's cost derived from its observations, as trace reads show it.
    totalCost: expect.closeTo(0.55, 10),
    usage: [
      { model: 'gpt-4o', inputUsage: 11, outputUsage: 7, totalUsage: 18, countTraces: 1, countObservations: 2, totalCost: expect.closeTo(0.3, 10) },
      { model: 'unknown', inputUsage: 4, outputUsage: 4, totalUsage: 8, countTraces: 1, countObservations: 1, totalCost: 0.05 },
    ],
  };
  const day2Entry = {
    date: date(day2),
    countTraces: 1,
    countObservations: 1,
    totalCost: 1.25,
    usage: [{ model: 'claude', inputUsage: 100, outputUsage: 50, totalUsage: 150, countTraces: 1, countObservations: 1, totalCost: 0.9 }],
  };

  it('sums traces, observations, cost and per-model usage per UTC day, newest first, for the last 30 days', async () => {
    const response = await app.request('/api/public/metrics/daily');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: [day1Entry, day2Entry], meta: { page: 1, limit: 50, totalItems: 2, totalPages: 1 } });
  });

  it('filters by trace name, user, tags, version, release and time', async () => {
    const dates = async (query: string) => {
      const response = await app.request(`/api/public/metrics/daily?${query}`);
      expect(response.status).toBe(200);
      return response.body.data.map((entry: { date: string; countTraces: number }) => `${entry.date}:${entry.countTraces}`);
    };
    expect(await dates('traceName=chat')).toEqual([`${date(day1)}:2`]);
    expect(await dates('userId=u1')).toEqual([`${date(day1)}:1`, `${date(day2)}:1`]);
    expect(await dates('tags=a,b')).toEqual([`${date(day1)}:1`]);
    expect(await dates('tags=b&tags=a')).toEqual([`${date(day1)}:1`]);
    expect(await dates('tags=b')).toEqual([`${date(day1)}:1`, `${date(day2)}:1`]);
    expect(await dates('version=v1')).toEqual([`${date(day1)}:1`]);
    expect(await dates('release=r1&userId=u2')).toEqual([]);
    expect(await dates(`fromTimestamp=${iso(day3 - DAY)}&toTimestamp=${iso(day3 + DAY)}`)).toEqual([`${date(day3)}:1`]);
    expect(await dates(`fromTimestamp=${iso(day1 + DAY - 1)}`)).toEqual([`${date(day1)}:1`]);
  });

  it('counts what the native trace ingest stored, with the trace cost derived from its observations', async () => {
    const day = today - 50 * DAY; // outside the default 30 days, so the other cases keep their two days
    const traceId = randomUUID();
    const generation = (tokens: number, cost: number) => ({
      id: randomUUID(),
      traceId,
      type: 'GENERATION',
      model: 'native-model',
      startTime: iso(day + 3_600_000),
      promptTokens: tokens,
      completionTokens: tokens * 2,
      totalTokens: tokens * 3,
      calculatedTotalCost: cost,
    });
    const ingest = await app.request('/v1/l/batch', {
      method: 'POST',
      body: { trace: { id: traceId, timestamp: iso(day + 3_600_000), name: 'native' }, observations: [generation(10, 0.25), generation(1, 0.5)] },
    });
    expect(ingest.status).toBe(200);
    const response = await app.request(`/api/public/metrics/daily?traceName=native&fromTimestamp=${iso(day)}&toTimestamp=${iso(day + DAY - 1)}`);
    expect(response.body.data).toEqual([
      {
        date: date(day),
        countTraces: 1,
        countObservations: 2,
        totalCost: 0.75,
        usage: [{ model: 'native-model', inputUsage: 11, outputUsage: 22, totalUsage: 33, countTraces: 1, countObservations: 2, totalCost: 0.75 }],
      },
    ]);
  });

  it('pages days and clamps the limit', async () => {
    const second = await app.request('/api/public/metrics/daily?limit=1&page=2');
    expect(second.body).toEqual({ data: [day2Entry], meta: { page: 2, limit: 1, totalItems: 2, totalPages: 2 } });
    const past = await app.request('/api/public/metrics/daily?limit=1&page=5');
    expect(past.body).toEqual({ data: [], meta: { page: 5, limit: 1, totalItems: 2, totalPages: 2 } });
    const clamped = await app.request('/api/public/metrics/daily?limit=500&page=0');
    expect(clamped.body.meta).toEqual({ page: 1, limit: 200, totalItems: 2, totalPages: 1 });
    expect((await app.request('/api/public/metrics/daily?fromTimestamp=nope')).status).toBe(400);
  });
});
