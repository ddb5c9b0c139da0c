import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parentPid } from './proc-stats.mjs';

/**
 * The benchmark's PostgreSQL: an embedded PostgreSQL 18 in a temporary directory (fsync on,
 * the settings xtrace users get), or `BENCH_DATABASE_URL`. The embedded server's log is
 * tapped so that the query phase can read back, and replay, the server's exact SQL.
 */

const APPLICATION_NAME = 'xtrace-bench';

export async function openDatabase({ databaseUrl, log }) {
  if (databaseUrl) {
    const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
    // The benchmark truncates tables: never point it at a database with real data.
    if (!name.endsWith('_bench')) throw new Error(`BENCH_DATABASE_URL must name a database ending in _bench (got "${name}")`);
    return describe({ url: databaseUrl, stop: async () => undefined, dataDir: undefined, logTap: undefined });
  }

  const { startEmbeddedPostgres } = await import('../../dist/src/database/embedded-postgres.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'xtrace-bench-'));
  log(`starting embedded PostgreSQL in ${dataDir}`);
  const logTap = createLogTap();
  const embedded = await startEmbeddedPostgres(dataDir, logTap.write);
  const stop = async () => {
    await embedded.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    // The application name in every log line tells the server's statements from the benchmark's.
    await withClient(embedded.url, async (client) => {
      await client.query(`ALTER SYSTEM SET log_line_prefix = '%m [%p] %a '`);
      await client.query('SELECT pg_reload_conf()');
    });
    return await describe({ url: embedded.url, dataDir, logTap, stop });
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Collects PostgreSQL's stderr log while `record` is on (for the SQL capture). */
function createLogTap() {
  let recording = false;
  let text = '';
  return {
    // embedded-postgres hands over trimmed stderr chunks, one or more whole log lines each.
    write: (chunk) => {
      if (recording) text += `${chunk}\n`;
    },
    start() {
      text = '';
      recording = true;
    },
    stop() {
      recording = false;
      return text;
    },
  };
}

async function describe({ url, stop, dataDir, logTap }) {
  const facts = await withClient(url, async (client) => {
    const { rows } = await client.query(`
      SELECT version() AS version,
             current_setting('server_version') AS server_version,
             current_setting('fsync') AS fsync,
             current_setting('synchronous_commit') AS synchronous_commit,
             current_setting('shared_buffers') AS shared_buffers,
             current_setting('max_wal_size') AS max_wal_size,
             pg_backend_pid() AS backend_pid`);
    // Read while this backend is alive: its parent is the postmaster.
    return { ...rows[0], postmasterPid: parentPid(rows[0].backend_pid) };
  });
  return {
    url,
    dataDir,
    stop,
    logTap,
    /** The postmaster, found as the parent of a backend; undefined when PostgreSQL is not on this machine. */
    postmasterPid: facts.postmasterPid,
    serverVersion: facts.server_version,
    settings: {
      fsync: facts.fsync,
      synchronous_commit: facts.synchronous_commit,
      shared_buffers: facts.shared_buffers,
      max_wal_size: facts.max_wal_size,
    },
  };
}

export function connect(url) {
  return new pg.Client({ connectionString: url, application_name: APPLICATION_NAME });
}

export async function withClient(url, work) {
  const client = connect(url);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A pool for the raw-limit writers and the direct query runs. */
export function createPool(url, max) {
  return new pg.Pool({ connectionString: url, application_name: APPLICATION_NAME, max });
}

/** Empties the data tables between runs, so every run starts from the same state. */
export async function resetTraceTables(client) {
  await client.query('TRUNCATE traces, observations, scores');
  await client.query('CHECKPOINT');
}

export async function resetMetricPoints(client) {
  await client.query('TRUNCATE metric_points, metric_rollup_deltas, metric_rollups_5m, metric_rollups_1h');
  await client.query('CHECKPOINT');
}
