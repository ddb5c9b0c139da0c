/**
 * `npm run bench`: xtrace against the raw PostgreSQL limit (and VictoriaMetrics when
 * installed), in one run on one machine. Prints the results, writes bench/RESULTS.md and the
 * raw data to bench/out/results-<scale>.json (or beside BENCH_RESULTS_FILE when it is set).
 * Sizes and phases: see lib/config.mjs and the README's Benchmarks section.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, release, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { loadConfig } from './lib/config.mjs';
import { connect, createPool, openDatabase } from './lib/database.mjs';
import { runIngestPhase } from './lib/ingest-phase.mjs';
import { runMixedPhase } from './lib/mixed-phase.mjs';
import { rssMegabytes } from './lib/proc-stats.mjs';
import { runQueryPhase } from './lib/query-phase.mjs';
import { renderResults } from './lib/report.mjs';
import { probeHost } from './lib/host-probe.mjs';
import { startXtrace } from './lib/server.mjs';
import { victoriaMetricsBinary } from './lib/victoria.mjs';

const root = resolve(import.meta.dirname, '..');
const log = (line) => process.stdout.write(`${line}\n`);

/** RESULTS.md from a run's data; `--render <results.json>` redoes it without running (e.g. after editing FINDINGS.md). */
function writeResults(run) {
  const markdown = renderResults({ ...run, startedAt: new Date(run.startedAt), findingsFile: resolve(root, 'bench/FINDINGS.md') });
  const file = resolve(root, run.config.resultsFile);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, markdown);
  return markdown;
}

async function main() {
  if (process.argv[2] === '--render') {
    const run = JSON.parse(readFileSync(resolve(process.argv[3]), 'utf8'));
    writeResults(run);
    log(`written to ${run.config.resultsFile}`);
    return;
  }
  const config = loadConfig();
  const startedAt = new Date();
  const machine = describeMachine();
  log(`xtrace benchmark, scale ${config.scale}, phases ${config.phases.join(', ')}; ${machine.cpus} cores, load average ${machine.loadAverage}`);

  const database = await openDatabase({ databaseUrl: config.databaseUrl, log });
  let server;
  const admin = connect(database.url);
  const direct = connect(database.url);
  const pool = createPool(database.url, Math.max(...config.concurrencies));
  let rssMaxMb = 0;
  let rssSampler;
  try {
    server = await startXtrace({
      databaseUrl: database.url,
      projectId: config.projectId,
      logLevel: config.serverLogLevel,
      cpuProfileDir: config.cpuProfileDir,
      env: config.serverSettings,
    });
    rssSampler = setInterval(() => (rssMaxMb = Math.max(rssMaxMb, rssMegabytes(server.pid))), 500);
    await admin.connect();
    await direct.connect();
    log(`PostgreSQL ${database.serverVersion} (fsync=${database.settings.fsync}), xtrace on ${server.origin}`);
    const probeAtStart = await probeHost(direct);

    const ingest = config.phases.includes('ingest') ? await runIngestPhase({ config, database, server, pool, admin, log }) : undefined;
    const victoriaBinary = config.victoriaMetrics === 'off' ? undefined : victoriaMetricsBinary();
    if (!victoriaBinary) log('VictoriaMetrics not installed (apt-get install victoria-metrics): no TSDB comparison');
    const queries = config.phases.includes('queries')
      ? await runQueryPhase({ config, database, server, admin, direct, log, victoriaBinary })
      : undefined;
    const mixed =
      config.phases.includes('mixed') && queries
        ? await runMixedPhase({ config, database, server, ingestRows: ingest?.results ?? [], queryContext: queries.context, log })
        : undefined;

    const run = {
      config,
      machine: { ...machine, probe: { start: probeAtStart, end: await probeHost(direct) } },
      database: { serverVersion: database.serverVersion, settings: database.settings, embedded: Boolean(database.dataDir) },
      ingest,
      queries,
      mixed,
      rssMaxMb,
      startedAt: startedAt.toISOString(),
      minutes: (Date.now() - startedAt.getTime()) / 60_000,
    };
    const json = resolve(root, config.dataFile);
    mkdirSync(dirname(json), { recursive: true });
    writeFileSync(json, JSON.stringify(run));
    log(`\n${writeResults(run)}\nwritten to ${config.resultsFile} (data: ${config.dataFile})`);
  } finally {
    clearInterval(rssSampler);
    await pool.end().catch(() => undefined);
    await admin.end().catch(() => undefined);
    await direct.end().catch(() => undefined);
    await server?.stop();
    await database.stop();
  }
}

function describeMachine() {
  const load = loadavg()[0];
  return {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model.trim() ?? 'unknown CPU',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    freeMemoryGb: Math.round(freemem() / 2 ** 30),
    os: `Linux ${release()}`,
    node: process.version,
    loadAverage: load.toFixed(2),
    note:
      process.env.BENCH_NOTE ??
      (load > 0.5 ? 'other work was running on the machine; figures are lower bounds' : 'the machine was otherwise idle'),
  };
}

main().catch((error) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
