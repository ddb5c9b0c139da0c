import { existsSync, readFileSync } from 'node:fs';

/** The results as Markdown: machine, tables, and each target of the benchmark issue met or missed. */

const ms = (value) => (value === undefined || Number.isNaN(value) ? '–' : value < 10 ? value.toFixed(2) : value.toFixed(1));
const int = (value) => (value === undefined ? '–' : Math.round(value).toLocaleString('en-US'));
const pct = (value) => (value === undefined ? '–' : `${Math.round(value * 100)}%`);
const cores = (value) => (value === undefined ? '–' : value.toFixed(2));

function table(header, rows) {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((row) => `| ${row.join(' | ')} |`)].join('\n');
}

export function ingestTable(rows) {
  return table(
    ['door', 'request', 'conc.', 'req/s', 'rows/s', 'vs raw', 'p50 ms', 'p99 ms', 'server CPU', 'PG CPU', 'bench CPU', 'CPU ms / 1k rows', 'server RSS MB', 'count check', 'drain ms'],
    rows.map((row) => [
      row.door,
      row.kind === 'traces' ? `${row.size} trace${row.size > 1 ? 's' : ''}` : `${row.size} points`,
      row.concurrency,
      int(row.requestsPerSecond),
      row.kind === 'traces' ? `${int(row.observationsPerSecond)} obs` : `${int(row.pointsPerSecond)} pts`,
      row.vsRaw === undefined ? '' : pct(row.vsRaw),
      ms(row.latency.p50),
      ms(row.latency.p99),
      cores(row.resources.serverCores),
      cores(row.resources.postgresCores),
      cores(row.resources.benchCores),
      ms(cpuPerThousandRows(row)),
      row.door.startsWith('raw') ? '' : int(row.resources.serverRssMaxMb),
      countCheck(row),
      row.check?.ok ? int(row.check.drainMs) : '–',
    ]),
  );
}

/**
 * CPU milliseconds spent per 1,000 observations or points: server + PostgreSQL for HTTP,
 * writer + PostgreSQL for raw. Unlike rows/s it hardly depends on what else the machine runs.
 */
export function cpuPerThousandRows(row) {
  const rows = row.kind === 'traces' ? row.observations : row.points;
  const { serverCores, postgresCores, benchCores, seconds } = row.resources;
  const writerCores = row.door.startsWith('raw') ? benchCores : serverCores;
  return rows > 0 ? ((writerCores + postgresCores) * seconds * 1000) / (rows / 1000) : undefined;
}

function countCheck(row) {
  if (!row.check) return '–';
  const found = Object.entries(row.check.found).map(([key, value]) => `${key} ${int(value)}`).join(', ');
  const failures = row.failures ? `, ${row.failures} failed` : '';
  return row.check.ok ? `ok (${found}${failures})` : `**MISMATCH** expected ${JSON.stringify(row.check.expected)}, found ${found}`;
}

export function queryTable(results) {
  return table(
    ['query', 'data', 'HTTP p50 ms', 'HTTP p99 ms', 'runs', 'same SQL p50 ms', 'SQL p99 ms', 'HTTP/SQL', 'VictoriaMetrics p50 ms', 'xtrace/VM'],
    results.map((result) =>
      result.unavailable
        ? [result.name, result.dataset, 'not available', '', '', '', '', '', '', '']
        : [
            result.name,
            result.dataset,
            ms(result.http.p50),
            ms(result.http.p99),
            result.http.n,
            ms(result.sql?.p50),
            ms(result.sql?.p99),
            result.ratio === undefined ? '–' : `${result.ratio.toFixed(2)}×`,
            ms(result.victoria?.p50),
            result.victoria ? `${(result.http.p50 / result.victoria.p50).toFixed(1)}×` : '–',
          ],
    ),
  );
}

function mixedSection(mixed) {
  if (!mixed) return '_not run_';
  const lines = [
    `Native batch ingest at ${mixed.ratePerSecond.toFixed(1)} requests/s of ${mixed.size} trace(s) (half the peak): achieved ${int(mixed.ingest.observationsPerSecond)} observations/s, ingest p50 ${ms(mixed.ingest.latency.p50)} ms, p99 ${ms(mixed.ingest.latency.p99)} ms, ${mixed.ingest.failures} failed, ${mixed.ingest.skipped} ticks skipped (server behind).`,
    `Server ${cores(mixed.resources.serverCores)} cores, PostgreSQL ${cores(mixed.resources.postgresCores)} cores, server RSS max ${int(mixed.resources.serverRssMaxMb)} MB.`,
    '',
    table(
      ['query (while ingesting)', 'p50 ms', 'p99 ms', 'runs'],
      [...mixed.queries.map((query) => [query.name, ms(query.latency.p50), ms(query.latency.p99), query.latency.n]),
        ['**all queries**', ms(mixed.overall.p50), ms(mixed.overall.p99), mixed.overall.n]],
    ),
  ];
  return lines.join('\n');
}

function notMeasured(available) {
  const missing = Object.entries(available).filter(([, ok]) => !ok).map(([door]) => door);
  return missing.length > 0 ? `Not measured (the route answered 404 in this build): ${missing.join(', ')}.\n` : '';
}

/** Per query of the largest data set: the SQL the server ran, and the plan of its slowest statement. */
function sqlAppendix(results) {
  const largest = new Map();
  for (const result of results) if (result.statements) largest.set(result.name, result);
  const blocks = [...largest.values()].map((result) => {
    const params = (result.slowestStatement?.values ?? []).map((value, index) => `$${index + 1} = ${JSON.stringify(value)?.slice(0, 120)}`).join(', ');
    return [
      `<details><summary>${result.name} [${result.dataset}]: ${result.statements.length} statement(s)</summary>`,
      '',
      '```sql',
      ...result.statements.map((statement, index) => `-- p50 ${ms(result.statementMedians?.[index])} ms when replayed\n${statement};`),
      '```',
      '',
      result.slowestPlan ? `Slowest statement's plan (${params}):\n\n\`\`\`\n${result.slowestPlan}\n\`\`\`` : '',
      '</details>',
      '',
    ].join('\n');
  });
  return ['## Appendix: the SQL behind each query', '', ...blocks].join('\n');
}

/** Every target of the issue, evaluated on what was measured. */
export function evaluateTargets({ ingestRows, queries, mixed, rssMaxMb }) {
  const targets = [];
  const add = (name, measured, met) => targets.push({ name, measured, met });
  const http = (kind) => ingestRows.filter((row) => row.kind === kind && !row.door.startsWith('raw'));

  for (const row of http('traces').filter((r) => r.concurrency > 1)) {
    add(`trace ingest ≥ 50% of raw: ${row.door}, ${row.size} trace(s), c${row.concurrency}`, `${int(row.observationsPerSecond)} obs/s = ${pct(row.vsRaw)} of raw`, row.vsRaw >= 0.5);
  }
  const traceRuns = http('traces');
  if (traceRuns.length > 0) {
    add('trace ingest: zero loss (COUNT = acknowledged, every run)', traceRuns.every((row) => row.check?.ok) ? 'all runs match' : 'mismatch', traceRuns.every((row) => row.check?.ok));
    const drain = Math.max(...traceRuns.map((row) => row.check?.drainMs ?? Infinity));
    add('trace ingest: queue drained ≤ 1 s after the last ack', `worst ${int(drain)} ms`, drain <= 1000);
  }
  for (const row of http('metrics').filter((r) => r.concurrency > 1)) {
    add(`metric ingest ≥ 60% of raw COPY: ${row.size} points, c${row.concurrency}`, `${int(row.pointsPerSecond)} points/s = ${pct(row.vsRaw)} of raw`, row.vsRaw >= 0.6);
  }

  const find = (name, dataset) => queries.find((q) => q.name === name && q.dataset === dataset && !q.unavailable);
  const traceDatasets = [...new Set(queries.filter((q) => q.dataset.endsWith('traces')).map((q) => q.dataset))];
  for (const dataset of traceDatasets) {
    for (const name of ['trace list, page 1', 'trace list, page 20', 'trace list, userId filter', 'trace list, name+tag filter']) {
      const q = find(name, dataset);
      if (q) add(`${name} [${dataset}]: p50 ≤ 10 ms, p99 ≤ 30 ms`, `p50 ${ms(q.http.p50)}, p99 ${ms(q.http.p99)}`, q.http.p50 <= 10 && q.http.p99 <= 30);
    }
    const detail = find('trace detail, 200 observations', dataset);
    if (detail) add(`trace detail [${dataset}]: p50 ≤ 5 ms`, `p50 ${ms(detail.http.p50)}`, detail.http.p50 <= 5);
  }
  const metricLimits = {
    '1M points': { 'metrics 1h avg (8 series)': 30, 'metrics 1h p99 (8 series)': 30, 'metrics 24h avg (8 series)': 150, 'metrics 24h p99 (8 series)': 150, 'metrics 24h avg by node_id': 150, 'metrics 7d avg (8 series)': 50, 'metrics 7d avg by node_id': 50, 'metrics 7d p99 (8 series)': 600 },
    '10M points': { 'metrics 24h avg (8 series)': 500, 'metrics 24h avg by node_id': 500, 'metrics 7d avg (8 series)': 300, 'metrics 7d avg by node_id': 300 },
  };
  for (const [dataset, limits] of Object.entries(metricLimits)) {
    for (const [name, limit] of Object.entries(limits)) {
      const q = find(name, dataset);
      if (q) add(`${name} [${dataset}]: p50 ≤ ${limit} ms`, `p50 ${ms(q.http.p50)}`, q.http.p50 <= limit);
    }
  }
  for (const q of queries.filter((query) => query.name.startsWith('metrics') && query.ratio !== undefined)) {
    add(`${q.name} [${q.dataset}]: ≤ 1.5× its raw SQL`, `${q.ratio.toFixed(2)}×`, q.ratio <= 1.5);
  }
  for (const q of queries.filter((query) => query.victoria && query.name.includes('avg'))) {
    const ratio = q.http.p50 / q.victoria.p50;
    add(`${q.name} [${q.dataset}]: within 10× of VictoriaMetrics`, `${ratio.toFixed(1)}×`, ratio <= 10);
  }
  if (mixed) add('query p99 ≤ 250 ms while ingest runs at half peak', `p99 ${ms(mixed.overall.p99)} ms`, mixed.overall.p99 <= 250);
  if (rssMaxMb !== undefined) add('server RSS ≤ 512 MB throughout', `max ${int(rssMaxMb)} MB`, rssMaxMb <= 512);
  return targets;
}

/** The host probe at the run's start and end (see host-probe.mjs), and whether the host held still. */
function probeLine({ start, end }) {
  const change = (from, to) => `${from.toFixed(0)} → ${to.toFixed(0)} ms`;
  const moved = Math.max(end.nodeMs / start.nodeMs, start.nodeMs / end.nodeMs, end.postgresMs / start.postgresMs, start.postgresMs / end.postgresMs) > 1.15;
  return `- Host probe (a fixed amount of work, best of 3), start → end of the run: Node.js ${change(start.nodeMs, end.nodeMs)}, PostgreSQL ${change(start.postgresMs, end.postgresMs)}${moved ? ' — **the host changed speed by more than 15% during the run**: compare only ratios measured close together' : ''}.`;
}

export function renderResults({ config, machine, database, ingest, queries, mixed, rssMaxMb, startedAt, minutes, findingsFile }) {
  const targets = evaluateTargets({ ingestRows: ingest?.results ?? [], queries: [...(queries?.traces ?? []), ...(queries?.metrics ?? [])], mixed, rssMaxMb });
  const met = targets.filter((target) => target.met).length;
  const sections = [
    '# xtrace benchmark results',
    '',
    `Run ${startedAt.toISOString()} (${minutes.toFixed(0)} min), \`BENCH_SCALE=${config.scale}\`, seed \`${config.seed}\`. Regenerate with \`npm run bench\` (see the README).`,
    '',
    `- Machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB memory, ${machine.os}; Node.js ${machine.node ?? process.version}.`,
    `- Load average when the run started: ${machine.loadAverage} (${machine.note}).`,
    ...(machine.probe ? [probeLine(machine.probe)] : []),
    `- PostgreSQL ${database.serverVersion} (${database.embedded ? 'embedded, started by the benchmark' : 'BENCH_DATABASE_URL'}): fsync=${database.settings.fsync}, synchronous_commit=${database.settings.synchronous_commit}, shared_buffers=${database.settings.shared_buffers}, max_wal_size=${database.settings.max_wal_size}.`,
    `- xtrace: \`node dist/src/main.js\`, LOG_LEVEL=${config.serverLogLevel}, ${serverSettingsText(config.serverSettings)}; server, PostgreSQL and the load generator share the same cores.`,
    '',
    `## Targets: ${met} of ${targets.length} met`,
    '',
    table(['target', 'measured', ''], targets.map((target) => [target.name, target.measured, target.met ? 'met' : '**missed**'])),
    '',
    '## Ingest',
    '',
    'Each run starts from empty tables and sends prepared bodies for the run time; *raw* is the same rows written by `pg` into the same schema (traces: COPY into a temp table, then one `INSERT … ON CONFLICT DO UPDATE` per table; points: binary COPY into the points table; ~1,000 observations or 10,000 points a transaction, same number of connections, without the trace-count trigger). CPU is in cores (CPU seconds / wall seconds); *CPU ms / 1k rows* is what writing 1,000 observations or points cost the writer (xtrace, or the raw `pg` writer) plus PostgreSQL, which hardly depends on other load on the machine. The count check compares `COUNT(*)` with the acknowledged rows; drain is how long after the last acknowledgement the counts matched.',
    '',
    ingest ? ingestTable(ingest.results) : '_not run_',
    '',
    ingest ? notMeasured(ingest.available) : '',
    '## Queries',
    '',
    'Sequential requests on one keep-alive connection. *Same SQL* replays the statements the server ran for that request (captured from PostgreSQL\'s statement log, with their parameters) one after the other on a `pg` connection (the server may run some of them in parallel, so the ratio can be below 1). VictoriaMetrics gets the same points through its import API and the equivalent MetricsQL with `nocache=1`. HTTP, its SQL and VictoriaMetrics take turns in blocks of 10 timed runs, each block after an untimed warm-up call, so all three see the same machine.',
    '',
    queries ? queryTable([...queries.traces, ...queries.metrics]) : '_not run_',
    '',
    queries ? table(['bulk load', 'seconds'], queries.loads.map((load) => [load.what + (load.pointsPerSecond ? ` (${int(load.pointsPerSecond)} points/s)` : ''), load.seconds.toFixed(1)])) : '',
    '',
    '## Mixed: queries while ingesting',
    '',
    mixedSection(mixed),
    '',
    `Server RSS over the whole run: max ${int(rssMaxMb)} MB.`,
    '',
  ];
  if (findingsFile && existsSync(findingsFile)) sections.push(readFileSync(findingsFile, 'utf8'));
  if (queries) sections.push(sqlAppendix([...queries.traces, ...queries.metrics]));
  return sections.join('\n');
}

/** The `XTRACE_*` settings a run gave the server, or that it ran with the defaults. */
function serverSettingsText(settings = {}) {
  const entries = Object.entries(settings);
  return entries.length === 0 ? 'default settings' : entries.map(([key, value]) => `${key}=${value}`).join(', ');
}
