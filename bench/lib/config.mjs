/**
 * Benchmark sizes. `BENCH_SCALE=quick` (default) finishes in 10–20 minutes on 2 cores;
 * `full` runs the sizes of the targets (10M points, 1M traces); `smoke` checks that every
 * phase works in a few minutes. Single values can be overridden by environment variables.
 */

const SCALES = {
  smoke: {
    runSeconds: 2,
    traceRunObservations: 8_000,
    pointRunPoints: 60_000,
    concurrencies: [4],
    pointDatasets: [100_000],
    traceDatasets: [5_000],
    queryRuns: 10,
    querySecondsCap: 5,
    mixedSeconds: 5,
  },
  quick: {
    runSeconds: 6,
    traceRunObservations: 100_000,
    pointRunPoints: 1_500_000,
    concurrencies: [1, 4, 16],
    pointDatasets: [1_000_000],
    traceDatasets: [50_000],
    queryRuns: 50,
    querySecondsCap: 20,
    mixedSeconds: 30,
  },
  full: {
    runSeconds: 15,
    traceRunObservations: 250_000,
    pointRunPoints: 4_000_000,
    concurrencies: [1, 4, 16],
    pointDatasets: [1_000_000, 10_000_000],
    traceDatasets: [50_000, 1_000_000],
    queryRuns: 100,
    querySecondsCap: 60,
    mixedSeconds: 60,
  },
};

const list = (text) => text.split(',').map((item) => Number(item.trim())).filter((n) => n > 0);

export function loadConfig(env = process.env) {
  const scale = env.BENCH_SCALE ?? 'quick';
  const base = SCALES[scale];
  if (!base) throw new Error(`BENCH_SCALE must be one of ${Object.keys(SCALES).join(', ')}`);
  const phases = (env.BENCH_PHASES ?? 'ingest,queries,mixed').split(',').map((phase) => phase.trim());
  return {
    scale,
    seed: env.BENCH_SEED ?? 'xtrace-bench-1',
    phases,
    databaseUrl: env.BENCH_DATABASE_URL || undefined,
    projectId: 'bench',
    serverLogLevel: env.BENCH_SERVER_LOG_LEVEL ?? 'info',
    cpuProfileDir: env.BENCH_CPU_PROF_DIR || undefined,
    /** xtrace settings (`XTRACE_*`, e.g. XTRACE_INGEST_MAX_FLUSHES) passed on to the server for an experiment. */
    serverSettings: Object.fromEntries(Object.entries(env).filter(([key]) => key.startsWith('XTRACE_'))),
    victoriaMetrics: env.BENCH_VICTORIA_METRICS ?? 'auto',
    runSeconds: Number(env.BENCH_RUN_SECONDS ?? base.runSeconds),
    traceRunObservations: Number(env.BENCH_TRACE_RUN_OBSERVATIONS ?? base.traceRunObservations),
    pointRunPoints: Number(env.BENCH_POINT_RUN_POINTS ?? base.pointRunPoints),
    concurrencies: env.BENCH_CONCURRENCY ? list(env.BENCH_CONCURRENCY) : base.concurrencies,
    traceRequestSizes: env.BENCH_TRACE_SIZES ? list(env.BENCH_TRACE_SIZES) : [1, 50],
    pointRequestSizes: env.BENCH_POINT_SIZES ? list(env.BENCH_POINT_SIZES) : [100, 5000],
    doors: (env.BENCH_DOORS ?? 'native,langfuse,otlp,metrics').split(',').map((door) => door.trim()),
    /** ~100 size-1 requests a raw transaction, i.e. about 1,000 observations or 10,000 points. */
    rawTraceRequestsPerTransaction: 100,
    rawPointsPerTransaction: 10_000,
    pointDatasets: env.BENCH_POINT_DATASETS ? list(env.BENCH_POINT_DATASETS) : base.pointDatasets,
    traceDatasets: env.BENCH_TRACE_DATASETS ? list(env.BENCH_TRACE_DATASETS) : base.traceDatasets,
    queryRuns: Number(env.BENCH_QUERY_RUNS ?? base.queryRuns),
    querySecondsCap: Number(env.BENCH_QUERY_SECONDS_CAP ?? base.querySecondsCap),
    mixedSeconds: Number(env.BENCH_MIXED_SECONDS ?? base.mixedSeconds),
    resultsFile: env.BENCH_RESULTS_FILE ?? (scale === 'smoke' ? 'bench/out/RESULTS.smoke.md' : 'bench/RESULTS.md'),
    /** The run's data: beside BENCH_RESULTS_FILE when one is named, so a focused run keeps the last full run's data. */
    dataFile: env.BENCH_RESULTS_FILE ? `${env.BENCH_RESULTS_FILE.replace(/\.md$/, '')}.json` : `bench/out/results-${scale}.json`,
  };
}
