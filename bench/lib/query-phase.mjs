import { Pool } from 'undici';
import { resetMetricPoints, resetTraceTables } from './database.mjs';
import { loadDetailTrace, loadPoints, loadTraces, vacuumAnalyze } from './query-datasets.mjs';
import { captureServerSql } from './sql-capture.mjs';
import { summarize } from './stats.mjs';
import { startVictoriaMetrics } from './victoria.mjs';

/**
 * Read latency on bulk-loaded data: each query over HTTP, then the exact SQL the server
 * ran for it (captured from PostgreSQL's log) straight on a `pg` connection, and for
 * metrics the same question to VictoriaMetrics when it is installed.
 */

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export function createHttpReader(server) {
  const pool = new Pool(server.origin, { connections: 1, keepAliveTimeout: 60_000 });
  const headers = { authorization: `Bearer ${server.token}` };
  return {
    async get(path) {
      const response = await pool.request({ path, method: 'GET', headers });
      const text = await response.body.text();
      return { status: response.statusCode, text };
    },
    close: () => pool.close(),
  };
}

export function traceQueries({ detailId, endMs }) {
  const from = new Date(endMs - 30 * DAY_MS).toISOString();
  const to = new Date(endMs).toISOString();
  return [
    { name: 'trace list, page 1', path: '/api/public/traces?page=1&limit=50' },
    { name: 'trace list, page 20', path: '/api/public/traces?page=20&limit=50' },
    { name: 'trace list, userId filter', path: '/api/public/traces?userId=user-42&limit=50' },
    { name: 'trace list, name+tag filter', path: '/api/public/traces?name=rag-answer&tags=prod&limit=50' },
    { name: 'trace detail, 200 observations', path: `/api/public/traces/${detailId}` },
    { name: 'daily metrics, 30 days', path: `/api/public/metrics/daily?${new URLSearchParams({ fromTimestamp: from, toTimestamp: to })}` },
  ];
}

/** Metric questions, each as xtrace parameters and as the equivalent MetricsQL for VictoriaMetrics. */
export function metricQueries({ endMs }) {
  const node = '{"node_id":"node-07"}';
  const selector = 'gpu_utilization{node_id="node-07"}';
  const avgBy = (step) =>
    `sum by (node_id) (sum_over_time(gpu_utilization[${step}])) / sum by (node_id) (count_over_time(gpu_utilization[${step}]))`;
  const query = (name, windowMs, step, stepSeconds, params, promql) => ({
    name,
    windowMs,
    stepSeconds,
    path: `/api/public/metrics/query?${new URLSearchParams({
      name: 'gpu_utilization',
      from: new Date(endMs - windowMs).toISOString(),
      to: new Date(endMs).toISOString(),
      step,
      ...params,
    })}`,
    promql,
  });
  return [
    query('metrics 1h avg (8 series)', HOUR_MS, '1m', 60, { agg: 'avg', labels: node }, `avg_over_time(${selector}[1m])`),
    query('metrics 1h p99 (8 series)', HOUR_MS, '1m', 60, { agg: 'p99', labels: node }, `quantile_over_time(0.99, ${selector}[1m])`),
    query('metrics 24h avg (8 series)', DAY_MS, '5m', 300, { agg: 'avg', labels: node }, `avg_over_time(${selector}[5m])`),
    query('metrics 24h p99 (8 series)', DAY_MS, '5m', 300, { agg: 'p99', labels: node }, `quantile_over_time(0.99, ${selector}[5m])`),
    query('metrics 24h avg by node_id', DAY_MS, '5m', 300, { agg: 'avg', group_by: 'node_id' }, avgBy('5m')),
    query('metrics 7d avg (8 series)', 7 * DAY_MS, '1h', 3600, { agg: 'avg', labels: node }, `avg_over_time(${selector}[1h])`),
    query('metrics 7d p99 (8 series)', 7 * DAY_MS, '1h', 3600, { agg: 'p99', labels: node }, `quantile_over_time(0.99, ${selector}[1h])`),
    query('metrics 7d avg by node_id', 7 * DAY_MS, '1h', 3600, { agg: 'avg', group_by: 'node_id' }, avgBy('1h')),
  ];
}

/** Timed runs of one measure before the next takes over (after an untimed warm-up call). */
const BLOCK_RUNS = 10;

/**
 * Runs the measures in turn, a block of BLOCK_RUNS runs each, until each has `runs` (at least
 * 3 when `secondsCap` runs out first): HTTP, its SQL and VictoriaMetrics see the same machine,
 * so load from elsewhere (a merge, the rollup fold) cannot favour whichever ran in a quieter
 * moment, and each block is timed warm. Run by run, every request would find the processes it
 * wakes idle and their caches cold, which costs a request through three processes (client,
 * xtrace, PostgreSQL) more than one through two. Each measure is called with `{ timed }`.
 * Latency summaries in ms by measure name.
 */
async function timeInterleaved(measures, { runs, secondsCap }) {
  const entries = Object.entries(measures);
  const latencies = entries.map(() => []);
  const deadline = performance.now() + secondsCap * 1000;
  for (let done = 0; done < runs && (done < 3 || performance.now() < deadline); done += BLOCK_RUNS) {
    const block = Math.min(BLOCK_RUNS, runs - done);
    for (const [index, [, once]] of entries.entries()) {
      await once({ timed: false });
      for (let run = 0; run < block; run++) {
        const started = performance.now();
        await once({ timed: true });
        latencies[index].push(performance.now() - started);
      }
    }
  }
  return Object.fromEntries(entries.map(([name], index) => [name, summarize(latencies[index])]));
}

/**
 * One query: HTTP latency, the captured SQL's latency, the ratio of their medians and, when
 * `victoria` (a function asking VictoriaMetrics the same question) is given, its latency.
 */
export async function measureQuery({ query, dataset, reader, admin, logTap, direct, config, victoria }) {
  let statements = [];
  let captureError;
  let first;
  try {
    statements = await captureServerSql(admin, logTap, async () => (first = await reader.get(query.path)));
  } catch (error) {
    captureError = error.message; // e.g. an external PostgreSQL whose log is not ours: HTTP only
  }
  first ??= await reader.get(query.path);
  if (first.status !== 200) {
    return { name: query.name, dataset, unavailable: `HTTP ${first.status}: ${first.text.slice(0, 160)}` };
  }
  const perStatement = statements.map(() => []);
  const measures = {
    http: async () => {
      const answer = await reader.get(query.path);
      if (answer.status !== 200) throw new Error(`${query.name}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
    },
    ...(statements.length > 0 && {
      sql: async ({ timed }) => {
        for (const [index, statement] of statements.entries()) {
          const started = performance.now();
          await direct.query({ text: statement.text, values: statement.values });
          if (timed) perStatement[index].push(performance.now() - started);
        }
      },
    }),
    ...(victoria && { victoria }),
  };
  const { http, sql, victoria: victoriaLatency } = await timeInterleaved(measures, { runs: config.queryRuns, secondsCap: config.querySecondsCap });
  const statementMedians = perStatement.map((samples) => summarize(samples).p50);
  return {
    ...(statements.length > 0 ? await explainSlowest(direct, statements, statementMedians) : {}),
    statementMedians,
    name: query.name,
    dataset,
    responseBytes: first.text.length,
    statements: statements.map((statement) => statement.text.replace(/\s+/g, ' ').trim()),
    http,
    sql,
    ratio: sql ? http.p50 / sql.p50 : undefined,
    ...(victoriaLatency && { victoria: victoriaLatency }),
    captureError,
  };
}

/** The plan of the slowest statement of a request (EXPLAIN ANALYZE), for the results' appendix. */
async function explainSlowest(direct, statements, medians) {
  let slowest;
  for (const [index, statement] of statements.entries()) {
    if (/^\s*(SELECT|WITH)\b/i.test(statement.text) && (!slowest || medians[index] > medians[slowest])) slowest = index;
  }
  if (slowest === undefined) return {};
  const statement = statements[slowest];
  const { rows } = await direct.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, values: statement.values });
  const plan = rows.map((row) => row['QUERY PLAN']).map((line) => (line.length > 240 ? `${line.slice(0, 240)}…` : line));
  return { slowestStatement: statement, slowestPlan: plan.join('\n') };
}

export async function runQueryPhase({ config, database, server, admin, direct, log, victoriaBinary }) {
  const logTap = database.logTap;
  const reader = createHttpReader(server);
  const results = { traces: [], metrics: [], loads: [], context: {} };
  try {
    await resetTraceTables(admin);
    const endMs = Date.now();
    const detailId = await loadDetailTrace(admin, { projectId: config.projectId, seed: config.seed, endMs });
    Object.assign(results.context, { detailId, endMs });
    let loaded = 0;
    for (const target of config.traceDatasets) {
      log(`queries: loading traces up to ${target}`);
      const started = performance.now();
      await loadTraces(admin, { projectId: config.projectId, seed: config.seed, segment: target, count: target - loaded, endMs, log });
      loaded = target;
      await vacuumAnalyze(admin);
      results.loads.push({ what: `${label(target)} traces`, seconds: (performance.now() - started) / 1000 });
      for (const query of traceQueries({ detailId, endMs })) {
        const result = await measureQuery({ query, dataset: `${label(target)} traces`, reader, admin, logTap, direct, config });
        results.traces.push(result);
        log(formatQuery(result));
      }
    }

    const metricsRoute = await reader.get('/api/public/metrics/names');
    if (metricsRoute.status === 404) log('  /api/public/metrics/* answers 404: metric queries not measured');
    for (const pointCount of metricsRoute.status === 404 ? [] : config.pointDatasets) {
      log(`queries: loading ${label(pointCount)} points`);
      await resetMetricPoints(admin);
      const started = performance.now();
      const endMs = Math.floor(Date.now() / 60_000) * 60_000;
      const points = await loadPoints(admin, { projectId: config.projectId, seed: config.seed, pointCount, endMs });
      results.context.pointsEndMs = endMs;
      await vacuumAnalyze(admin);
      results.loads.push({ what: `${label(pointCount)} points`, seconds: (performance.now() - started) / 1000 });
      const victoria = victoriaBinary ? await startVictoriaMetrics(victoriaBinary) : undefined;
      try {
        if (victoria) {
          const seconds = await victoria.importPoints(points);
          results.loads.push({ what: `${label(pointCount)} points into VictoriaMetrics`, seconds, pointsPerSecond: pointCount / seconds });
        }
        for (const query of metricQueries({ endMs })) {
          const askVictoria = victoria && (() => victoria.queryRange(query.promql, endMs - query.windowMs, endMs, query.stepSeconds));
          const result = await measureQuery({
            query, dataset: `${label(pointCount)} points`, reader, admin, logTap, direct, config, victoria: askVictoria,
          });
          results.metrics.push(result);
          log(formatQuery(result));
        }
      } finally {
        await victoria?.stop();
      }
    }
  } finally {
    await reader.close();
  }
  return results;
}

export function label(count) {
  return count >= 1_000_000 ? `${count / 1_000_000}M` : count >= 1000 ? `${count / 1000}k` : String(count);
}

export function formatQuery(result) {
  if (result.unavailable) return `  ${result.name} [${result.dataset}]: not available (${result.unavailable})`;
  const sql = result.sql ? `, SQL p50 ${result.sql.p50.toFixed(1)} ms (×${result.ratio.toFixed(2)})` : '';
  const vm = result.victoria ? `, VictoriaMetrics p50 ${result.victoria.p50.toFixed(1)} ms` : '';
  return `  ${result.name} [${result.dataset}]: p50 ${result.http.p50.toFixed(1)} ms, p99 ${result.http.p99.toFixed(1)} ms (n=${result.http.n})${sql}${vm}`;
}
