import { startPacedLoad } from './http-load.mjs';
import { startResourceMeter } from './proc-stats.mjs';
import { createHttpReader, metricQueries, traceQueries } from './query-phase.mjs';
import { summarize } from './stats.mjs';
import { generateTraces } from './trace-generator.mjs';
import { renderNative } from './trace-render.mjs';

/**
 * Queries while trace ingest runs at half the peak measured in the ingest phase (native
 * batch, its best request size and concurrency), on the query data sets: what a dashboard
 * user sees while agents keep sending.
 */
export async function runMixedPhase({ config, database, server, ingestRows, queryContext, log }) {
  const peak = ingestRows
    .filter((row) => row.kind === 'traces' && row.door === 'native' && row.check?.ok)
    .sort((a, b) => b.observationsPerSecond - a.observationsPerSecond)[0];
  const size = peak?.size ?? 50;
  const ratePerSecond = peak ? peak.requestsPerSecond / 2 : 5;
  const requestCount = Math.ceil(ratePerSecond * config.mixedSeconds * 1.2) + 10;
  log(`mixed: native batch, ${size} trace(s) a request at ${ratePerSecond.toFixed(1)} req/s (half of the peak), for ${config.mixedSeconds} s`);
  const traces = generateTraces({ seed: `${config.seed}-mixed`, count: requestCount * size, startMs: Date.now() - 60_000, spacingMs: 5 });
  const bodies = [];
  for (let start = 0; start < traces.length; start += size) bodies.push(renderNative(traces.slice(start, start + size)));
  const observationsPerBody = [];
  for (let start = 0; start < traces.length; start += size) {
    observationsPerBody.push(traces.slice(start, start + size).reduce((sum, trace) => sum + trace.observations.length, 0));
  }

  const queries = [
    ...traceQueries(queryContext).filter((query) => !query.name.startsWith('daily')),
    ...metricQueries({ endMs: queryContext.pointsEndMs }).filter((query) => /24h avg|1h avg/.test(query.name)),
  ];
  const reader = createHttpReader(server);
  const meter = startResourceMeter({ serverPid: server.pid, postmasterPid: database.postmasterPid });
  const load = startPacedLoad({
    origin: server.origin,
    path: '/v1/l/batch',
    headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
    bodies,
    ratePerSecond,
    maxInFlight: peak?.concurrency ?? 4,
    accept: (status) => status === 200,
  });
  const latencies = new Map(queries.map((query) => [query.name, []]));
  const all = [];
  const deadline = performance.now() + config.mixedSeconds * 1000;
  try {
    for (let turn = 0; performance.now() < deadline; turn++) {
      const query = queries[turn % queries.length];
      const started = performance.now();
      const answer = await reader.get(query.path);
      const elapsed = performance.now() - started;
      if (answer.status !== 200) continue; // a query route that does not exist yet
      latencies.get(query.name).push(elapsed);
      all.push(elapsed);
    }
  } finally {
    await reader.close();
  }
  const ingest = await load.stop();
  const resources = meter.stop();
  const ingestedObservations = ingest.acked.reduce((sum, index) => sum + observationsPerBody[index], 0);
  return {
    ratePerSecond,
    size,
    ingest: {
      requestsPerSecond: ingest.acked.length / (ingest.elapsedMs / 1000),
      observationsPerSecond: ingestedObservations / (ingest.elapsedMs / 1000),
      latency: summarize(ingest.latencies),
      failures: ingest.failures.length,
      skipped: ingest.skipped,
    },
    queries: [...latencies.entries()].filter(([, samples]) => samples.length > 0).map(([name, samples]) => ({ name, latency: summarize(samples) })),
    overall: summarize(all),
    resources,
  };
}
