import type pg from 'pg';
import { testPool } from '../factories/database.js';
import { newId, postBatch } from '../factories/native-batch.js';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';

/** The traces of one fresh project; every sortable field differs so orders are exact. */
interface Fixture {
  id: string;
  timestamp: string;
  name: string | null;
  userId: string | null;
  sessionId: string | null;
  version: string | null;
  release: string | null;
  tags: string[];
  environment: string;
  public: boolean;
  bookmarked: boolean;
  /** Sent latency/totalCost, else derived from `observations`. */
  latency?: number;
  totalCost?: number;
  observations: { start: string; end?: string; cost?: number }[];
}

const at = (second: number) => `2026-05-01T00:00:${String(second).padStart(2, '0')}.000Z`;

function fixtures(): Fixture[] {
  const base = { latency: undefined, totalCost: undefined, observations: [] };
  return [
    { ...base, id: newId(), timestamp: at(1), name: 'alpha', userId: 'u1', sessionId: 's1', version: 'v1', release: 'r3', tags: ['a', 'b'], environment: 'prod', public: true, bookmarked: false,
      observations: [{ start: at(1), end: at(4), cost: 0.5 }, { start: at(2), end: at(3), cost: 0.25 }] },
    { ...base, id: newId(), timestamp: at(2), name: 'beta', userId: 'u2', sessionId: 's2', version: 'v2', release: 'r1', tags: ['b'], environment: 'dev', public: false, bookmarked: true,
      latency: 10, totalCost: 5 },
    { ...base, id: newId(), timestamp: at(3), name: 'gamma', userId: 'u1', sessionId: null, version: 'v3', release: 'r2', tags: [], environment: 'default', public: false, bookmarked: false },
    { ...base, id: newId(), timestamp: at(4), name: null, userId: null, sessionId: 's3', version: null, release: null, tags: ['c'], environment: 'prod', public: true, bookmarked: true,
      observations: [{ start: at(4), end: at(5), cost: 1.5 }] },
    { ...base, id: newId(), timestamp: at(5), name: 'delta', userId: 'u3', sessionId: 's4', version: 'v4', release: 'r4', tags: ['a'], environment: 'dev', public: false, bookmarked: false,
      observations: [{ start: at(5) }] },
  ];
}

/** What the list shows as latency and totalCost (API.md §2.7: sent values win). */
function metrics(trace: Fixture): { latency: number; totalCost: number } {
  const starts = trace.observations.map((o) => Date.parse(o.start));
  const ends = trace.observations.map((o) => Date.parse(o.end ?? o.start));
  const derivedLatency = starts.length ? (Math.max(...ends) - Math.min(...starts)) / 1000 : 0;
  const derivedCost = trace.observations.reduce((sum, o) => sum + (o.cost ?? 0), 0);
  return { latency: trace.latency ?? derivedLatency, totalCost: trace.totalCost ?? derivedCost };
}

type Direction = 'asc' | 'desc';
const SORT_VALUE: Record<string, (trace: Fixture) => string | number | boolean | null> = {
  id: (t) => t.id,
  timestamp: (t) => t.timestamp,
  name: (t) => t.name,
  userId: (t) => t.userId,
  release: (t) => t.release,
  version: (t) => t.version,
  public: (t) => t.public,
  bookmarked: (t) => t.bookmarked,
  sessionId: (t) => t.sessionId,
  latency: (t) => metrics(t).latency,
  totalCost: (t) => metrics(t).totalCost,
};

/** Ascending with nulls last, as PostgreSQL orders ASC. */
function compareAscending(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return (a as string) < (b as string) ? -1 : 1;
}

/**
 * PostgreSQL's order with the id tie-break: ASC puts nulls last, and DESC (nulls first,
 * ids descending) is exactly the reverse of ASC.
 */
function expectedOrder(traces: Fixture[], field: string, direction: Direction): string[] {
  const value = SORT_VALUE[field];
  const ascending = [...traces]
    .sort((a, b) => compareAscending(value(a), value(b)) || compareAscending(a.id, b.id))
    .map((trace) => trace.id);
  return direction === 'asc' ? ascending : ascending.reverse();
}

describe('GET /api/public/traces', () => {
  let app: TestApp;
  let pool: pg.Pool;
  const traces = fixtures();
  const byId = new Map(traces.map((trace) => [trace.id, trace]));
  const scoreId = newId();

  beforeAll(async () => {
    app = await createTestApp();
    pool = testPool(app.databaseUrl);
    for (const trace of traces) {
      const { observations, ...fields } = trace;
      const response = await postBatch(app, {
        trace: fields,
        observations: observations.map((o) => ({ id: newId(), traceId: trace.id, startTime: o.start, endTime: o.end, calculatedTotalCost: o.cost })),
      });
      expect(response.status).toBe(200);
    }
    // scores have no native door yet: a fixture row, as the Langfuse door would write it
    await pool.query(`INSERT INTO scores (project_id, id, trace_id, name, value) VALUES ($1, $2, $3, 'quality', 0.9)`, [
      app.projectId,
      scoreId,
      traces[0].id,
    ]);
  });
  afterAll(async () => {
    await pool?.end();
    await app?.close();
  });

  const list = (query = '') => app.request(`/api/public/traces${query ? `?${query}` : ''}`);
  const ids = async (query: string) => {
    const response = await list(query);
    expect(response.status).toBe(200);
    return response.body.data.map((item: { id: string }) => item.id) as string[];
  };
  const idsWhere = (predicate: (trace: Fixture) => boolean) =>
    expectedOrder(traces.filter(predicate), 'timestamp', 'desc');

  it('lists every trace of the project, newest first, with all fields', async () => {
    const response = await list();
    expect(response.body.meta).toEqual({ page: 1, limit: 50, totalItems: 5, totalPages: 1 });
    expect(response.body.data.map((item: { id: string }) => item.id)).toEqual(idsWhere(() => true));
    const first = response.body.data.find((item: { id: string }) => item.id === traces[0].id);
    expect(first).toEqual({
      id: traces[0].id,
      timestamp: traces[0].timestamp,
      name: 'alpha',
      input: null,
      output: null,
      sessionId: 's1',
      release: 'r3',
      version: 'v1',
      userId: 'u1',
      metadata: null,
      tags: ['a', 'b'],
      public: true,
      projectId: app.projectId,
      externalId: null,
      bookmarked: false,
      environment: 'prod',
      htmlPath: `/project/${app.projectId}/traces/${traces[0].id}`,
      latency: 3,
      totalCost: 0.75,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      observations: expect.any(Array),
      scores: [scoreId],
    });
    expect(first.observations).toHaveLength(2);
    for (const item of response.body.data) {
      expect(item).toMatchObject(metrics(byId.get(item.id)!));
    }
  });

  it.each([
    ['userId=u1', (t: Fixture) => t.userId === 'u1'],
    ['name=beta', (t: Fixture) => t.name === 'beta'],
    ['sessionId=s3', (t: Fixture) => t.sessionId === 's3'],
    ['version=v3', (t: Fixture) => t.version === 'v3'],
    ['release=r4', (t: Fixture) => t.release === 'r4'],
    [`fromTimestamp=${at(2)}`, (t: Fixture) => t.timestamp >= at(2)],
    [`toTimestamp=${at(2)}`, (t: Fixture) => t.timestamp <= at(2)],
    [`fromTimestamp=${encodeURIComponent('2026-05-01T02:00:02+02:00')}&toTimestamp=${at(4)}`, (t: Fixture) => t.timestamp >= at(2) && t.timestamp <= at(4)],
    ['fromTimestamp=2026-05-01T02:00:03 02:00', (t: Fixture) => t.timestamp >= at(3)],
    ['tags=a', (t: Fixture) => t.tags.includes('a')],
    ['tags=a,b', (t: Fixture) => t.tags.includes('a') && t.tags.includes('b')],
    ['tags=a&tags=b', (t: Fixture) => t.tags.includes('a') && t.tags.includes('b')],
    ['tags=b&tags=missing', () => false],
    ['environment=prod', (t: Fixture) => t.environment === 'prod'],
    ['environment=prod&environment=dev', (t: Fixture) => ['prod', 'dev'].includes(t.environment)],
    ['environment=prod,default', (t: Fixture) => ['prod', 'default'].includes(t.environment)],
    ['userId=u1&environment=prod&tags=a', (t: Fixture) => t.userId === 'u1' && t.environment === 'prod' && t.tags.includes('a')],
    ['name=nobody', () => false],
  ])('filters by %s with exact totals', async (query, predicate) => {
    const expected = idsWhere(predicate);
    const response = await list(query.replace(' ', '%20'));
    expect(response.status).toBe(200);
    expect(response.body.data.map((item: { id: string }) => item.id)).toEqual(expected);
    expect(response.body.meta).toEqual({
      page: 1,
      limit: 50,
      totalItems: expected.length,
      totalPages: expected.length === 0 ? 0 : 1,
    });
  });

  const fields = Object.keys(SORT_VALUE);
  it.each(fields.flatMap((field) => (['asc', 'desc'] as Direction[]).map((direction) => [field, direction] as const)))(
    'sorts by %s %s',
    async (field, direction) => {
      expect(await ids(`orderBy=${field}.${direction}`)).toEqual(expectedOrder(traces, field, direction));
    },
  );

  it('reads snake_case sort fields and falls back to the field default direction', async () => {
    expect(await ids('orderBy=user_id.asc')).toEqual(expectedOrder(traces, 'userId', 'asc'));
    expect(await ids('orderBy=session_id.desc')).toEqual(expectedOrder(traces, 'sessionId', 'desc'));
    expect(await ids('orderBy=total_cost.asc')).toEqual(expectedOrder(traces, 'totalCost', 'asc'));
    expect(await ids('orderBy=name')).toEqual(expectedOrder(traces, 'name', 'asc'));
    expect(await ids('orderBy=name.sideways')).toEqual(expectedOrder(traces, 'name', 'asc'));
    expect(await ids('orderBy=latency')).toEqual(expectedOrder(traces, 'latency', 'desc'));
    expect(await ids('orderBy=timestamp')).toEqual(expectedOrder(traces, 'timestamp', 'desc'));
  });

  it.each(['bogus', 'bogus.asc', 'timestamp;drop', 'input.asc', ''])('answers 400 to orderBy=%p', async (orderBy) => {
    const response = await list(`orderBy=${encodeURIComponent(orderBy)}`);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('invalid order_by') });
  });

  const groups = ['io', 'scores', 'observations', 'metrics'];
  const combinations = Array.from({ length: 1 << groups.length }, (_, mask) => groups.filter((_, bit) => mask & (1 << bit)));
  it.each(combinations.map((combination) => [['core', ...combination].join(',')]))('shows the groups of fields=%s', async (fieldsParam) => {
    const response = await list(`fields=${fieldsParam}&orderBy=timestamp.asc`);
    expect(response.status).toBe(200);
    const first = response.body.data[0];
    expect(first.id).toBe(traces[0].id);
    const has = (group: string) => fieldsParam.split(',').includes(group);
    for (const key of ['input', 'output', 'metadata']) expect(key in first).toBe(has('io'));
    if (has('io')) expect(first).toMatchObject({ input: null, output: null, metadata: null });
    expect(first.latency).toBe(has('metrics') ? 3 : -1);
    expect(first.totalCost).toBe(has('metrics') ? 0.75 : -1);
    expect(first.observations).toHaveLength(has('observations') ? 2 : 0);
    expect(first.scores).toEqual(has('scores') ? [scoreId] : []);
    // core fields are always there
    expect(first).toMatchObject({ name: 'alpha', tags: ['a', 'b'], environment: 'prod', projectId: app.projectId });
  });

  it('pages exactly and clamps page and limit', async () => {
    const all = expectedOrder(traces, 'timestamp', 'desc');
    const pages = await Promise.all([1, 2, 3].map((page) => list(`limit=2&page=${page}`)));
    expect(pages.flatMap((page) => page.body.data.map((item: { id: string }) => item.id))).toEqual(all);
    expect(pages.map((page) => page.body.meta)).toEqual([1, 2, 3].map((page) => ({ page, limit: 2, totalItems: 5, totalPages: 3 })));

    const beyond = await list('limit=2&page=9');
    expect(beyond.body).toEqual({ data: [], meta: { page: 9, limit: 2, totalItems: 5, totalPages: 3 } });
    expect((await list('page=0')).body.meta).toMatchObject({ page: 1, limit: 50 });
    expect((await list('page=-4&limit=0')).body.meta).toMatchObject({ page: 1, limit: 1, totalPages: 5 });
    expect((await list('limit=5000')).body.meta).toMatchObject({ limit: 200 });
    expect((await list('limit=1e300')).body.meta).toMatchObject({ limit: 200 });
  });

  it.each(['page=abc', 'page=1e300', 'limit=1.5', 'fromTimestamp=yesterday', 'toTimestamp=2026-05-01', 'unknown=1', 'userId=a&userId=b'])(
    'answers 400 to %s',
    async (query) => {
      const response = await list(query);
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('BAD_REQUEST');
    },
  );

  it('accepts and ignores the Langfuse filter parameter, and needs credentials', async () => {
    expect((await list(`filter=${encodeURIComponent('[]')}`)).body.meta.totalItems).toBe(5);
    expect((await app.request('/api/public/traces', { anonymous: true })).status).toBe(401);
  });
});

describe('GET /api/public/traces with 1,000+ traces', () => {
  let app: TestApp;
  const total = 1_050;
  beforeAll(async () => {
    app = await createTestApp();
    const batches = Array.from({ length: total }, (_, index) => ({
      trace: { id: newId(), userId: index % 2 === 0 ? 'even' : 'odd', timestamp: new Date(Date.UTC(2026, 0, 1) + index * 1000).toISOString() },
    }));
    for (let start = 0; start < total; start += 50) {
      const statuses = await Promise.all(batches.slice(start, start + 50).map((batch) => postBatch(app, batch).then((r) => r.status)));
      expect(statuses.every((status) => status === 200)).toBe(true);
    }
  }, 120_000);
  afterAll(() => app?.close());

  it('counts and pages every trace exactly', async () => {
    const seen = new Set<string>();
    for (let page = 1; page <= 6; page++) {
      const response = await app.request(`/api/public/traces?limit=200&page=${page}&fields=core`);
      expect(response.body.meta).toEqual({ page, limit: 200, totalItems: total, totalPages: 6 });
      expect(response.body.data).toHaveLength(page < 6 ? 200 : 50);
      for (const item of response.body.data) seen.add(item.id);
    }
    expect(seen.size).toBe(total);
    const odd = await app.request('/api/public/traces?userId=odd&limit=100&page=6');
    expect(odd.body.meta).toEqual({ page: 6, limit: 100, totalItems: 525, totalPages: 6 });
    expect(odd.body.data).toHaveLength(25);
  });
});
