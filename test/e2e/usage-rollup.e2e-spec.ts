import pg from 'pg';
import type { DailyMetricsDto as Day, ModelUsageDto as Usage } from '../../src/metrics/dto/metrics-response.dto.js';
import { rows, testPool } from '../factories/database.js';
import { newId, postBatch } from '../factories/native-batch.js';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';
import { ownDatabase } from '../setup/own-database.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * The daily usage of traces with from <= timestamp <= to, straight from traces and
 * observations: what the endpoint reports, however its rollup was kept.
 */
async function referenceDays(pool: pg.Pool, projectId: string, fromMs: number, toMs: number): Promise<Day[]> {
  const params = [projectId, iso(fromMs), iso(toMs)];
  const inRange = `
    SELECT t.id, to_char((t.timestamp AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS date, t.total_cost
    FROM traces t WHERE t.project_id = $1 AND t.timestamp >= $2 AND t.timestamp <= $3`;
  const days = await rows<{ date: string; traces: string; observations: string; cost: number }>(
    pool,
    `WITH t AS (${inRange})
     SELECT t.date, count(*) AS traces, sum(o.n) AS observations, sum(COALESCE(t.total_cost, o.cost, 0))::float8 AS cost
     FROM t CROSS JOIN LATERAL (
       SELECT count(*) AS n, sum(calculated_total_cost) AS cost FROM observations WHERE project_id = $1 AND trace_id = t.id
     ) o
     GROUP BY t.date ORDER BY t.date DESC`,
    params,
  );
  const usage = await rows<{ date: string } & Record<keyof Usage, string | number>>(
    pool,
    `WITH t AS (${inRange})
     SELECT t.date, COALESCE(o.model, 'unknown') AS model, COALESCE(sum(o.prompt_tokens), 0) AS "inputUsage",
            COALESCE(sum(o.completion_tokens), 0) AS "outputUsage", COALESCE(sum(o.total_tokens), 0) AS "totalUsage",
            count(DISTINCT t.id) AS "countTraces", count(*) AS "countObservations",
            COALESCE(sum(o.calculated_total_cost), 0)::float8 AS "totalCost"
     FROM t JOIN observations o ON o.project_id = $1 AND o.trace_id = t.id AND o.type = 'GENERATION'
     GROUP BY 1, 2`,
    params,
  );
  return days.map((day) => ({
    date: day.date,
    countTraces: Number(day.traces),
    countObservations: Number(day.observations),
    totalCost: day.cost,
    usage: usage
      .filter((entry) => entry.date === day.date)
      .map(({ date: _date, ...entry }) => ({
        model: String(entry.model),
        inputUsage: Number(entry.inputUsage),
        outputUsage: Number(entry.outputUsage),
        totalUsage: Number(entry.totalUsage),
        countTraces: Number(entry.countTraces),
        countObservations: Number(entry.countObservations),
        totalCost: Number(entry.totalCost),
      })),
  }));
}

/** Days as compared: usage in model order (equal costs may come in any order), costs to 9 digits. */
function comparable(days: Day[]) {
  return days.map((day) => ({
    ...day,
    totalCost: expect.closeTo(day.totalCost, 9),
    usage: [...day.usage]
      .sort((a, b) => a.model.localeCompare(b.model))
      .map((entry) => ({ ...entry, totalCost: expect.closeTo(entry.totalCost, 9) })),
  }));
}

function sortedUsage(days: Day[]): Day[] {
  return days.map((day) => ({ ...day, usage: [...day.usage].sort((a, b) => a.model.localeCompare(b.model)) }));
}

/**
 * The unfiltered daily metrics come from a rollup kept by triggers on traces and
 * observations, with only the range's edge hours read from the tables. Whatever wrote the
 * rows (each ingest door, updates that move traces or change models, costs, deletion,
 * repricing, plain SQL, concurrent transactions), the endpoint must give what the tables hold.
 */
describe('daily metrics from the usage rollup', () => {
  let app: TestApp;
  let pool: pg.Pool;
  // Two days back, on a whole hour: data spreads over the hours and days around it.
  const anchor = Math.floor(Date.now() / HOUR) * HOUR - 2 * DAY;
  const at = (minutes: number) => anchor + minutes * MINUTE;

  beforeAll(async () => {
    app = await createTestApp();
    pool = testPool(app.databaseUrl);
  });
  afterAll(async () => {
    await pool?.end();
    await app?.close();
  });

  const apiDays = async (query: string): Promise<Day[]> => {
    const response = await app.request(`/api/public/metrics/daily?limit=200${query}`);
    expect(response.status).toBe(200);
    return sortedUsage(response.body.data as Day[]);
  };

  /** Ranges with edges inside hours, on whole hours, in one hour, over days, and up to now. */
  const ranges = () => {
    const now = Date.now();
    return [
      [now - 30 * DAY, now],
      [at(-3 * 60 - 7), at(3 * 60 + 41)],
      [at(-50), at(50)],
      [at(5), at(55)],
      [at(0), at(60) - 1],
      [at(-24 * 60), at(24 * 60)],
      [at(17), now],
      [at(59), at(61)],
      [at(-36 * 60 + 1), at(30 * 60 - 1)],
    ];
  };

  const expectRollupMatchesTables = async () => {
    for (const [fromMs, toMs] of ranges()) {
      const expected = await referenceDays(pool, app.projectId, fromMs, toMs);
      const actual = await apiDays(`&fromTimestamp=${iso(fromMs)}&toTimestamp=${iso(toMs)}`);
      expect({ range: [iso(fromMs), iso(toMs)], days: actual }).toEqual({
        range: [iso(fromMs), iso(toMs)],
        days: comparable(expected),
      });
    }
  };

  const generation = (traceId: string, minutes: number, model: string | null, tokens: number, cost: number | null) => ({
    id: newId(),
    traceId,
    type: 'GENERATION',
    model,
    startTime: iso(at(minutes)),
    promptTokens: tokens,
    completionTokens: 2 * tokens,
    totalTokens: 3 * tokens,
    calculatedTotalCost: cost,
  });

  it('follows placeholders, trace moves, model and type changes, client costs, deletion and plain SQL', async () => {
    const [first, second, third, fourth] = [newId(), newId(), newId(), newId()];
    // Observations before their traces: placeholders at the earliest start.
    const firstGens = [generation(first, 10, 'gpt-4o', 10, 0.1), generation(first, 70, 'gpt-4o', 5, 0.2), generation(first, 75, null, 1, null)];
    const secondGens = [generation(second, -100, 'claude', 100, 1.5), generation(second, -90, 'gpt-4o', 7, 0.01)];
    const span = { id: newId(), traceId: third, type: 'SPAN', startTime: iso(at(30)) };
    expect((await postBatch(app, { observations: [...firstGens, ...secondGens, span] })).status).toBe(200);
    expect((await postBatch(app, { observations: [generation(third, 31, 'claude', 3, 0.03)] })).status).toBe(200);
    await expectRollupMatchesTables();

    // Their traces arrive: one moves a day back, one an hour on, one gets a client total cost.
    expect((await postBatch(app, { trace: { id: first, timestamp: iso(at(-24 * 60 - 5)), name: 'moved' } })).status).toBe(200);
    expect((await postBatch(app, { trace: { id: second, timestamp: iso(at(-40)), totalCost: 9.5 } })).status).toBe(200);
    expect((await postBatch(app, { trace: { id: fourth, timestamp: iso(at(59)) } })).status).toBe(200);
    // A trace whose cost is the sum over several models and a span, in the part of an edge hour read from the tables.
    const fifth = newId();
    const costedSpan = { id: newId(), traceId: fifth, type: 'SPAN', startTime: iso(at(57)), calculatedTotalCost: 0.05 };
    const mixed = [generation(fifth, 56, 'gpt-4o', 4, 0.4), generation(fifth, 57, 'claude', 6, 0.7), costedSpan];
    expect((await postBatch(app, { trace: { id: fifth, timestamp: iso(at(56)) }, observations: mixed })).status).toBe(200);
    await expectRollupMatchesTables();

    // The same generation written again with another model and more tokens; a span becomes a generation.
    const [changed] = firstGens;
    expect((await postBatch(app, { observations: [{ ...changed, model: 'gpt-4o-mini', promptTokens: 40 }] })).status).toBe(200);
    expect((await postBatch(app, { observations: [{ ...span, type: 'GENERATION', model: 'claude', promptTokens: 2 }] })).status).toBe(200);
    // A Langfuse generation without a model, then its update naming one.
    const langfuseGeneration = newId();
    const event = (type: string, body: Record<string, unknown>) => ({ id: newId(), type, timestamp: iso(at(65)), body });
    const created = await app.request('/api/public/ingestion', {
      method: 'POST',
      body: {
        batch: [
          event('generation-create', { id: langfuseGeneration, traceId: fourth, startTime: iso(at(65)), usage: { input: 3, output: 4 } }),
          event('generation-update', { id: langfuseGeneration, traceId: fourth, model: 'langfuse-model' }),
        ],
      },
    });
    expect(created.status).toBe(207);
    await expectRollupMatchesTables();

    // Deleting a trace takes its usage away; plain SQL on both tables is followed too.
    expect((await app.request(`/api/public/traces/${third}`, { method: 'DELETE' })).status).toBe(200);
    await pool.query('UPDATE traces SET total_cost = NULL WHERE project_id = $1 AND id = $2', [app.projectId, second]);
    await pool.query('UPDATE observations SET trace_id = $3 WHERE project_id = $1 AND id = $2', [app.projectId, secondGens[1].id, fourth]);
    await pool.query('DELETE FROM observations WHERE project_id = $1 AND id = $2', [app.projectId, firstGens[1].id]);
    // µs timestamps on an hour's edges: one in the range's last millisecond, one just after it.
    await pool.query(
      `INSERT INTO traces (project_id, id, timestamp, total_cost) VALUES ($1, $2, $4, 0.5), ($1, $3, $5, 0.25)`,
      [app.projectId, newId(), newId(), `${iso(at(60) - 1).slice(0, -1)}000Z`, `${iso(at(60) - 1).slice(0, -1)}500Z`],
    );
    await expectRollupMatchesTables();
  });

  it('follows repricing, concurrent writers of the same traces, and keeps few rows', async () => {
    const model = `priced-${newId()}`;
    const traces = Array.from({ length: 6 }, () => newId());
    // 60 batches from 6 concurrent writers, each adding generations to the same six traces
    // (new ones, or the same ids again), while other batches move those traces.
    const batches = Array.from({ length: 60 }, (_, index) => {
      const traceId = traces[index % traces.length];
      if (index % 10 === 9) return { trace: { id: traceId, timestamp: iso(at(-5 * 60 + index)) } };
      return { observations: [generation(traceId, index, index % 3 === 0 ? model : 'other-model', index, null)] };
    });
    const writers = Array.from({ length: 6 }, async (_, writer) => {
      for (let index = writer; index < batches.length; index += 6) {
        expect((await postBatch(app, batches[index])).status).toBe(200);
      }
    });
    await Promise.all(writers);
    await expectRollupMatchesTables();

    // A price for the model, then repricing the generations that had no cost.
    const price = await app.request('/api/public/models', {
      method: 'POST',
      body: { modelName: model, matchPattern: `(?i)^${model}$`, unit: 'TOKENS', inputPrice: 0.001, outputPrice: 0.002 },
    });
    expect(price.status).toBe(201);
    const repriced = await app.request('/api/public/models/reprice', {
      method: 'POST',
      body: { from: iso(at(-10 * 60)), to: iso(at(10 * 60)), model },
    });
    expect(repriced.status).toBe(200);
    expect(repriced.body.changed).toBeGreaterThan(0);
    await expectRollupMatchesTables();

    // Folding keeps the rollup to about a row per hour and model, however many statements wrote it.
    const [{ n }] = await rows<{ n: string }>(pool, 'SELECT count(*) AS n FROM usage_rollup WHERE project_id = $1', [app.projectId]);
    const [{ keys }] = await rows<{ keys: string }>(
      pool,
      'SELECT count(DISTINCT (hour, model)) AS keys FROM usage_rollup WHERE project_id = $1',
      [app.projectId],
    );
    expect(Number(n)).toBeLessThan(Number(keys) + 64);
  });

  it('moves the cost difference of a reprice with a trace that moves to another hour meanwhile', async () => {
    const model = `moving-${newId()}`;
    const traceId = newId();
    const written = await postBatch(app, {
      trace: { id: traceId, timestamp: iso(at(-7 * 60)) },
      observations: [generation(traceId, -7 * 60, model, 50, null)],
    });
    expect(written.status).toBe(200);
    const price = await app.request('/api/public/models', {
      method: 'POST',
      body: { modelName: model, matchPattern: `(?i)^${model}$`, unit: 'TOKENS', inputPrice: 0.01, outputPrice: 0.02 },
    });
    expect(price.status).toBe(201);

    // The trace moves in a transaction left open while the reprice starts.
    const mover = await pool.connect();
    try {
      await mover.query('BEGIN');
      await mover.query('UPDATE traces SET timestamp = $3 WHERE project_id = $1 AND id = $2', [
        app.projectId,
        traceId,
        iso(at(7 * 60)),
      ]);
      const reprice = app.request('/api/public/models/reprice', {
        method: 'POST',
        body: { from: iso(at(-8 * 60)), to: iso(at(8 * 60)), model },
      });
      expect(await waitsForLock(pool, 'FOR SHARE')).toBe(true);
      await mover.query('COMMIT');
      const repriced = await reprice;
      expect(repriced.status).toBe(200);
      expect(repriced.body.changed).toBe(1);
    } finally {
      mover.release();
    }
    await expectRollupMatchesTables();
  });
});

/** Whether a statement containing `text` comes to wait for a lock within two seconds. */
async function waitsForLock(pool: pg.Pool, text: string): Promise<boolean> {
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const waiting = await rows(
      pool,
      `SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE '%' || $1 || '%'`,
      [text],
    );
    if (waiting.length > 0) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
}

/** The fill (migration and TRUNCATE) computes what the triggers kept; in a database of its own, as TRUNCATE locks. */
describe('usage rollup fill and TRUNCATE', () => {
  const database = ownDatabase('usage_test');

  const rollup = async () =>
    (await database().query(
      `SELECT project_id, hour, model, sum(count_traces)::int AS traces, sum(count_observations)::int AS observations,
              sum(input_usage)::int AS input, sum(total_cost)::float8 AS cost
       FROM usage_rollup GROUP BY 1, 2, 3
       HAVING sum(count_traces) <> 0 OR sum(count_observations) <> 0 OR sum(total_cost) <> 0
       ORDER BY 1, 2, 3 NULLS FIRST`,
    )) as unknown[];

  it('gives the rows the triggers kept, and follows TRUNCATE of observations and of traces', async () => {
    await database().query(
      `INSERT INTO traces (project_id, id, timestamp, total_cost)
       SELECT 'p' || (n % 2), 't' || n, TIMESTAMPTZ '2026-11-01 00:00:00+00' + n * interval '7 minutes',
              CASE WHEN n % 5 = 0 THEN 1.5 END
       FROM generate_series(1, 300) AS n`,
    );
    await database().query(
      `INSERT INTO observations (project_id, id, trace_id, type, model, prompt_tokens, calculated_total_cost)
       SELECT 'p' || (n % 2), 'o' || n, 't' || (n % 300 + 1), CASE WHEN n % 4 = 0 THEN 'SPAN' ELSE 'GENERATION' END,
              CASE WHEN n % 3 = 0 THEN NULL ELSE 'm' || (n % 3) END, n, n * 0.001
       FROM generate_series(1, 2000) AS n`,
    );
    const kept = await rollup();
    await database().query('SELECT usage_rollup_fill()');
    expect(await rollup()).toEqual(kept);

    await database().query('TRUNCATE observations');
    const tracesOnly = await rollup();
    await database().query('SELECT usage_rollup_fill()');
    expect(await rollup()).toEqual(tracesOnly);
    const tracesOnlyRows = tracesOnly as { model: string | null; traces: number; observations: number }[];
    expect(tracesOnlyRows.every((row) => row.model === null && row.observations === 0)).toBe(true);
    expect(tracesOnlyRows.reduce((sum, row) => sum + row.traces, 0)).toBe(300);

    await database().query('TRUNCATE traces');
    expect(await rollup()).toEqual([]);
  });
});
