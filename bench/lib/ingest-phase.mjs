import { setTimeout as sleep } from 'node:timers/promises';
import { resetMetricPoints, resetTraceTables } from './database.mjs';
import { runClosedLoop } from './http-load.mjs';
import { renderMetricBatches } from './metric-generator.mjs';
import { startResourceMeter } from './proc-stats.mjs';
import { ensurePointPartitions } from './partitions.mjs';
import {
  ensureSeries,
  rawPointIngest,
  rawTraceIngest,
  renderPointCopy,
  renderTraceCopy,
} from './raw-ingest.mjs';
import { summarize } from './stats.mjs';
import { generateTraces } from './trace-generator.mjs';
import { renderLangfuse, renderNative, renderOtlp } from './trace-render.mjs';

/**
 * Ingest over HTTP against the raw limit, at every concurrency and request size: each
 * run starts from empty tables, and after it a COUNT proves every acknowledged row landed.
 */

const TRACE_DOORS = {
  native: {
    path: '/v1/l/batch',
    contentType: 'application/json',
    render: (traces) => renderNative(traces),
    probe: Buffer.from('{}'),
    accept: (status) => status === 200,
  },
  langfuse: {
    path: '/api/public/ingestion',
    contentType: 'application/json',
    render: (traces, seed) => renderLangfuse(traces, seed),
    probe: Buffer.from('{"batch":[]}'),
    accept: (status, text) => (status === 207 || status === 200) && JSON.parse(text).errors?.length === 0,
  },
  otlp: {
    path: '/api/public/otel/v1/traces',
    contentType: 'application/x-protobuf',
    render: (traces) => renderOtlp(traces),
    probe: Buffer.alloc(0),
    accept: (status) => status === 200,
  },
};

const METRICS_DOOR = { path: '/v1/metrics/batch', contentType: 'application/json', accept: (status) => status === 200 };

export async function runIngestPhase(context) {
  const { config, server, log } = context;
  const available = {};
  for (const [name, door] of Object.entries(TRACE_DOORS)) {
    if (config.doors.includes(name)) available[name] = await probe(server, door.path, door.contentType, door.probe, log);
  }
  if (config.doors.includes('metrics')) {
    available.metrics = await probe(server, METRICS_DOOR.path, METRICS_DOOR.contentType, Buffer.from('{"metrics":[]}'), log);
  }
  const doors = Object.keys(TRACE_DOORS).filter((name) => available[name]);
  const traceResults = doors.length > 0 ? await runTraceRuns(context, doors) : [];
  const results = [...traceResults, ...(available.metrics ? await runMetricRuns(context) : [])];
  return { results, available };
}

async function runTraceRuns({ config, database, server, pool, admin, log }, doors) {
  const results = [];
  for (const size of config.traceRequestSizes) {
    const requestCount = Math.max(64, Math.ceil(config.traceRunObservations / (10.5 * size)));
    log(`traces: generating ${requestCount} requests of ${size} trace(s)`);
    const traces = generateTraces({
      seed: `${config.seed}-traces-${size}`,
      count: requestCount * size,
      startMs: Date.now() - 3_600_000,
      spacingMs: 50,
    });
    const requests = [];
    for (let start = 0; start < traces.length; start += size) requests.push(traces.slice(start, start + size));
    const copies = renderTraceCopy(config.projectId, requests);
    const bodies = {};
    for (const name of doors) bodies[name] = requests.map((request, index) => TRACE_DOORS[name].render(request, `${size}-${index}`));
    for (const concurrency of config.concurrencies) {
      await resetTraceTables(admin);
      // The raw limit writes rows only: xtrace's per-project trace counter (a statement trigger)
      // is off for it, so the ratio compares against plain writes (measured: it cost the raw
      // writer up to a quarter of its rate, xtrace's own writes a few percent).
      await admin.query('ALTER TABLE traces DISABLE TRIGGER traces_count_inserted');
      const raw = await measure(database, server, () =>
        rawTraceIngest({
          pool,
          copies,
          concurrency,
          requestsPerTransaction: Math.max(1, Math.round(config.rawTraceRequestsPerTransaction / size)),
          durationMs: config.runSeconds * 1000,
        }),
      ).finally(() => admin.query('ALTER TABLE traces ENABLE TRIGGER traces_count_inserted'));
      const rawRow = traceRow('raw COPY+upsert', size, concurrency, raw, raw.result.committed, raw.result.latencies);
      rawRow.check = await checkTraceCounts(admin, config.projectId, raw.result.committed);
      results.push(rawRow);
      log(formatRow(rawRow));
      for (const name of Object.keys(bodies)) {
        await resetTraceTables(admin);
        const door = TRACE_DOORS[name];
        const run = await measure(database, server, () =>
          runClosedLoop({
            origin: server.origin,
            path: door.path,
            headers: { authorization: `Bearer ${server.token}`, 'content-type': door.contentType },
            bodies: bodies[name],
            concurrency,
            durationMs: config.runSeconds * 1000,
            accept: door.accept,
          }),
        );
        const ackedCopies = run.result.acked.map((index) => copies[index]);
        const row = traceRow(name, size, concurrency, run, ackedCopies, run.result.latencies);
        row.failures = run.result.failures.length;
        row.retries = run.result.retries;
        if (run.result.failures.length > 0) log(`  ${name}: ${run.result.failures.length} failed, e.g. ${JSON.stringify(run.result.failures[0])}`);
        row.check = await checkTraceCounts(admin, config.projectId, ackedCopies, run.result.lastAck);
        row.vsRaw = row.observationsPerSecond / rawRow.observationsPerSecond;
        results.push(row);
        log(formatRow(row));
      }
    }
  }

  return results;
}

async function runMetricRuns({ config, database, server, pool, admin, log }) {
  const results = [];
  const seriesIds = await ensureSeries(admin, config.projectId);
  for (const size of config.pointRequestSizes) {
    log(`metrics: generating ${config.pointRunPoints} points in requests of ${size}`);
    const { bodies, points } = renderMetricBatches({
      seed: `${config.seed}-points-${size}`,
      startMs: Date.now() - 30 * 86_400_000,
      intervalMs: 10_000,
      totalPoints: config.pointRunPoints,
      pointsPerRequest: size,
    });
    const requests = [];
    for (let start = 0; start < points.length; start += size) requests.push(points.slice(start, start + size));
    const copies = renderPointCopy(seriesIds, requests);
    await ensurePointPartitions(admin, points[0].ts, points.at(-1).ts);
    for (const concurrency of config.concurrencies) {
      await resetMetricPoints(admin);
      const raw = await measure(database, server, () =>
        rawPointIngest({
          pool,
          copies,
          concurrency,
          requestsPerTransaction: Math.max(1, Math.round(config.rawPointsPerTransaction / size)),
          durationMs: config.runSeconds * 1000,
        }),
      );
      const rawPoints = raw.result.committed.reduce((sum, copy) => sum + copy.pointCount, 0);
      const rawRow = pointRow('raw COPY', size, concurrency, raw, raw.result.committed.length, rawPoints, raw.result.latencies);
      rawRow.check = await checkPointCount(admin, rawPoints);
      results.push(rawRow);
      log(formatRow(rawRow));

      await resetMetricPoints(admin);
      const run = await measure(database, server, () =>
        runClosedLoop({
          origin: server.origin,
          path: METRICS_DOOR.path,
          headers: { authorization: `Bearer ${server.token}`, 'content-type': METRICS_DOOR.contentType },
          bodies: bodies.map((entry) => entry.body),
          concurrency,
          durationMs: config.runSeconds * 1000,
          accept: METRICS_DOOR.accept,
        }),
      );
      const ackedPoints = run.result.acked.reduce((sum, index) => sum + bodies[index].points, 0);
      const row = pointRow('metrics batch', size, concurrency, run, run.result.acked.length, ackedPoints, run.result.latencies);
      row.failures = run.result.failures.length;
      row.retries = run.result.retries;
      if (run.result.failures.length > 0) log(`  metrics: ${run.result.failures.length} failed, e.g. ${JSON.stringify(run.result.failures[0])}`);
      row.check = await checkPointCount(admin, ackedPoints, run.result.lastAck);
      row.vsRaw = row.pointsPerSecond / rawRow.pointsPerSecond;
      results.push(row);
      log(formatRow(row));
    }
  }
  return results;
}

async function probe(server, path, contentType, body, log) {
  const response = await fetch(`${server.origin}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': contentType },
    body,
  });
  await response.arrayBuffer();
  const available = response.status !== 404;
  if (!available) log(`  ${path} answers 404: not measured`);
  return available;
}

async function measure(database, server, work) {
  const meter = startResourceMeter({ serverPid: server.pid, postmasterPid: database.postmasterPid });
  const result = await work();
  return { result, resources: meter.stop() };
}

/**
 * Counts after a run: every acknowledged trace and observation must be in the table.
 * `drainMs` is how long after the last acknowledgement the counts matched (0 when they
 * already did at the first look, as they must when the answer follows COMMIT).
 */
async function checkTraceCounts(admin, projectId, ackedCopies, lastAck = performance.now()) {
  const expected = {
    traces: ackedCopies.reduce((sum, copy) => sum + copy.traceCount, 0),
    observations: ackedCopies.reduce((sum, copy) => sum + copy.observationCount, 0),
  };
  return poll(async () => {
    const { rows } = await admin.query(
      `SELECT (SELECT count(*) FROM traces WHERE project_id = $1)::int AS traces,
              (SELECT count(*) FROM observations WHERE project_id = $1)::int AS observations`,
      [projectId],
    );
    return { expected, found: rows[0], ok: rows[0].traces === expected.traces && rows[0].observations === expected.observations };
  }, lastAck);
}

async function checkPointCount(admin, expected, lastAck = performance.now()) {
  return poll(async () => {
    const { rows } = await admin.query('SELECT count(*)::int AS points FROM metric_points');
    return { expected: { points: expected }, found: rows[0], ok: rows[0].points === expected };
  }, lastAck);
}

async function poll(look, lastAck) {
  let outcome = await look();
  while (!outcome.ok && performance.now() - lastAck < 5000) {
    await sleep(50);
    outcome = await look();
  }
  return { ...outcome, drainMs: outcome.ok ? Math.max(0, performance.now() - lastAck) : undefined };
}

function traceRow(door, size, concurrency, run, copies, latencies) {
  const seconds = run.result.elapsedMs / 1000;
  const observations = copies.reduce((sum, copy) => sum + copy.observationCount, 0);
  return {
    kind: 'traces',
    door,
    size,
    concurrency,
    requests: copies.length,
    observations,
    seconds,
    requestsPerSecond: copies.length / seconds,
    observationsPerSecond: observations / seconds,
    latency: summarize(latencies),
    resources: run.resources,
  };
}

function pointRow(door, size, concurrency, run, requests, points, latencies) {
  const seconds = run.result.elapsedMs / 1000;
  return {
    kind: 'metrics',
    door,
    size,
    concurrency,
    requests,
    points,
    seconds,
    requestsPerSecond: requests / seconds,
    pointsPerSecond: points / seconds,
    latency: summarize(latencies),
    resources: run.resources,
  };
}

export function formatRow(row) {
  const rate = row.kind === 'traces' ? `${Math.round(row.observationsPerSecond)} obs/s` : `${Math.round(row.pointsPerSecond)} points/s`;
  const check = row.check?.ok ? 'count ok' : `COUNT MISMATCH ${JSON.stringify(row.check)}`;
  return `  ${row.door.padEnd(16)} size ${String(row.size).padStart(4)} c${String(row.concurrency).padEnd(3)} ${Math.round(row.requestsPerSecond)} req/s, ${rate}, p50 ${row.latency.p50.toFixed(1)} ms, p99 ${row.latency.p99.toFixed(1)} ms, server ${row.resources.serverCores.toFixed(2)} + pg ${row.resources.postgresCores.toFixed(2)} cores, ${check}`;
}
