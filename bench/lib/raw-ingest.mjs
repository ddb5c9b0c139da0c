import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER, BinaryCopyRows } from '../../dist/src/metrics/queries/binary-copy.js';
import { COPY_POINTS_SQL } from '../../dist/src/metrics/queries/insert-points.query.js';
import { copyBinaryInto, copyInto, copyLine, textArray } from './copy-text.mjs';
import { SERIES } from './metric-generator.mjs';

/**
 * The raw limit: the same rows written straight into the same PostgreSQL and schema with
 * `pg`, by the fastest idempotent method measured on this kind of machine: per
 * transaction, COPY ~100 requests' rows into session temp tables, then one
 * `INSERT … SELECT … ON CONFLICT DO UPDATE` per table (merging like xtrace does). Metric
 * points are append-only: binary COPY straight into the narrow points table. The COPY data
 * is rendered before the clock starts, as the HTTP bodies are.
 */

const TRACE_COLUMNS = [
  'project_id', 'id', 'environment', 'timestamp', 'name', 'input', 'output', 'session_id', 'release',
  'version', 'user_id', 'metadata', 'tags', 'latency', 'total_cost',
];
const OBSERVATION_COLUMNS = [
  'project_id', 'id', 'trace_id', 'environment', 'type', 'name', 'start_time', 'end_time',
  'completion_start_time', 'model', 'model_parameters', 'input', 'output', 'usage', 'usage_details',
  'cost_details', 'level', 'status_message', 'parent_observation_id', 'prompt_tokens', 'completion_tokens',
  'total_tokens', 'calculated_input_cost', 'calculated_output_cost', 'calculated_total_cost', 'latency',
  'time_to_first_token', 'metadata',
];

const iso = (ms) => (ms === undefined ? null : new Date(ms).toISOString());

export function traceCopyLine(projectId, trace) {
  let first = Infinity;
  let last = -Infinity;
  let cost = 0;
  for (const observation of trace.observations) {
    first = Math.min(first, observation.startTime);
    last = Math.max(last, observation.endTime);
    cost += observation.cost?.total ?? 0;
  }
  return copyLine([
    projectId, trace.id, trace.environment, iso(trace.timestamp), trace.name, trace.input, trace.output,
    trace.sessionId, trace.release, trace.version, trace.userId, trace.metadata, textArray(trace.tags),
    (last - first) / 1000, cost,
  ]);
}

export function observationCopyLine(projectId, environment, observation) {
  const usage = observation.usage;
  return copyLine([
    projectId, observation.id, observation.traceId, environment, observation.type, observation.name,
    iso(observation.startTime), iso(observation.endTime), iso(observation.completionStartTime), observation.model,
    observation.modelParameters, observation.input, observation.output, usage, usage, observation.cost,
    observation.level, observation.statusMessage, observation.parentObservationId, usage?.input, usage?.output,
    usage?.total, observation.cost?.input, observation.cost?.output, observation.cost?.total,
    (observation.endTime - observation.startTime) / 1000,
    observation.completionStartTime === undefined ? null : (observation.completionStartTime - observation.startTime) / 1000,
    observation.metadata,
  ]);
}

/** COPY text of each request (a list of traces): `{ traces, observations, observationCount }`. */
export function renderTraceCopy(projectId, requests) {
  return requests.map((traces) => {
    let traceText = '';
    let observationText = '';
    let observationCount = 0;
    for (const trace of traces) {
      traceText += traceCopyLine(projectId, trace);
      for (const observation of trace.observations) observationText += observationCopyLine(projectId, trace.environment, observation);
      observationCount += trace.observations.length;
    }
    return { traces: traceText, observations: observationText, traceCount: traces.length, observationCount };
  });
}

function upsertSql(table, columns) {
  const updates = columns
    .filter((column) => column !== 'project_id' && column !== 'id')
    .map((column) => (column === 'tags' ? 'tags = EXCLUDED.tags' : `${column} = COALESCE(EXCLUDED.${column}, ${table}.${column})`));
  return `INSERT INTO ${table} (${columns.join(', ')})
    SELECT ${columns.join(', ')} FROM stage_${table}
    ON CONFLICT (project_id, id) DO UPDATE SET ${updates.join(', ')}, updated_at = now()`;
}

const UPSERT_TRACES = upsertSql('traces', TRACE_COLUMNS);
const UPSERT_OBSERVATIONS = upsertSql('observations', OBSERVATION_COLUMNS);

/**
 * Writes pre-rendered requests (`renderTraceCopy`) with `concurrency` connections,
 * `requestsPerTransaction` requests a transaction, until done or `durationMs` passed.
 */
export async function rawTraceIngest({ pool, copies, concurrency, requestsPerTransaction, durationMs }) {
  return runTransactions({
    pool,
    units: copies,
    concurrency,
    unitsPerTransaction: requestsPerTransaction,
    durationMs,
    prepare: async (client) => {
      await client.query('CREATE TEMP TABLE IF NOT EXISTS stage_traces (LIKE traces INCLUDING DEFAULTS) ON COMMIT DELETE ROWS');
      await client.query(
        'CREATE TEMP TABLE IF NOT EXISTS stage_observations (LIKE observations INCLUDING DEFAULTS) ON COMMIT DELETE ROWS',
      );
    },
    write: async (client, group) => {
      await copyInto(client, `stage_traces (${TRACE_COLUMNS.join(', ')})`, group.map((copy) => copy.traces));
      await copyInto(client, `stage_observations (${OBSERVATION_COLUMNS.join(', ')})`, group.map((copy) => copy.observations));
      await client.query(UPSERT_TRACES);
      await client.query(UPSERT_OBSERVATIONS);
    },
  });
}

/** Creates (or finds) the benchmark's 1,000 series; returns their ids by series index. */
export async function ensureSeries(client, projectId) {
  await client.query(
    `INSERT INTO metric_series (project_id, environment, name, labels)
     SELECT $1, 'default', name, labels FROM jsonb_to_recordset($2::jsonb) AS s(name text, labels jsonb)
     ON CONFLICT DO NOTHING`,
    [projectId, JSON.stringify(SERIES.map(({ name, labels }) => ({ name, labels })))],
  );
  const { rows } = await client.query(
    `SELECT id, name, labels FROM metric_series WHERE project_id = $1 AND environment = 'default'`,
    [projectId],
  );
  const ids = new Map(rows.map((row) => [`${row.name}${JSON.stringify(sortKeys(row.labels))}`, row.id]));
  return SERIES.map(({ name, labels }) => ids.get(`${name}${JSON.stringify(sortKeys(labels))}`));
}

function sortKeys(labels) {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Binary COPY rows of each metrics request, encoded as xtrace encodes them (the faster
 * format for PostgreSQL: 12–30% less of its CPU a point than text, measured): `{ rows, pointCount }`.
 */
export function renderPointCopy(seriesIds, requests) {
  const rowBytes = BinaryCopyRows.rowBytes([4, 8, 8]);
  return requests.map((points) => {
    const rows = new BinaryCopyRows(points.length, rowBytes);
    for (const point of points) rows.row(3).int4(seriesIds[point.series]).timestamptz(point.ts).float8(point.value);
    return { rows: rows.rows(), pointCount: points.length };
  });
}

export async function rawPointIngest({ pool, copies, concurrency, requestsPerTransaction, durationMs }) {
  return runTransactions({
    pool,
    units: copies,
    concurrency,
    unitsPerTransaction: requestsPerTransaction,
    durationMs,
    prepare: async () => undefined,
    write: (client, group) =>
      copyBinaryInto(client, COPY_POINTS_SQL, [BINARY_COPY_HEADER, ...group.map((copy) => copy.rows), BINARY_COPY_TRAILER]),
  });
}

/** Workers take the next group of units, write it in one transaction, and record its latency. */
async function runTransactions({ pool, units, concurrency, unitsPerTransaction, durationMs, prepare, write }) {
  const groups = [];
  for (let start = 0; start < units.length; start += unitsPerTransaction) groups.push(units.slice(start, start + unitsPerTransaction));
  const committed = [];
  const latencies = [];
  let next = 0;
  const started = performance.now();
  const deadline = started + durationMs;
  let lastCommit = started;
  const worker = async () => {
    const client = await pool.connect();
    try {
      await prepare(client);
      while (next < groups.length && performance.now() < deadline) {
        const group = groups[next++];
        const begun = performance.now();
        await client.query('BEGIN');
        try {
          await write(client, group);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw error;
        }
        lastCommit = performance.now();
        latencies.push(lastCommit - begun);
        committed.push(...group);
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { committed, latencies, elapsedMs: lastCommit - started };
}
