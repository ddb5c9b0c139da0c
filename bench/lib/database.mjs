import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { parentPid } from './proc-stats.mjs';

/**
 * The benchmark's PostgreSQL: an embedded PostgreSQL 18 in a temporary directory (fsync on,
 * the settings xtrace users get), or `BENCH_DATABASE_URL`. Statement logging goes to a JSON
 * log that the query phase reads back to replay the server's exact SQL.
 */

const APPLICATION_NAME = 'xtrace-bench';

export async function openDatabase({ databaseUrl, log }) {
  if (databaseUrl) return describe({ url: databaseUrl, stop: async () => undefined, dataDir: undefined });

  const { startEmbeddedPostgres } = await import('../../dist/src/database/embedded-postgres.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'xtrace-bench-'));
  log(`starting embedded PostgreSQL in ${dataDir}`);
  let embedded = await startEmbeddedPostgres(dataDir);
  // The JSON log needs the logging collector, which only a restart turns on.
  await withClient(embedded.url, async (client) => {
    for (const [name, value] of [
      ['logging_collector', 'on'],
      ['log_destination', 'jsonlog'],
      ['log_directory', 'log'],
      ['log_filename', 'postgresql'],
      ['log_rotation_age', '0'],
      ['log_rotation_size', '0'],
    ]) {
      await client.query(`ALTER SYSTEM SET ${name} = '${value}'`);
    }
  });
  await embedded.stop();
  embedded = await startEmbeddedPostgres(dataDir);
  return describe({
    url: embedded.url,
    dataDir,
    stop: async () => {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

async function describe({ url, stop, dataDir }) {
  const facts = await withClient(url, async (client) => {
    const { rows } = await client.query(`
      SELECT version() AS version,
             current_setting('server_version') AS server_version,
             current_setting('fsync') AS fsync,
             current_setting('synchronous_commit') AS synchronous_commit,
             current_setting('shared_buffers') AS shared_buffers,
             current_setting('max_wal_size') AS max_wal_size,
             pg_backend_pid() AS backend_pid`);
    return rows[0];
  });
  return {
    url,
    dataDir,
    stop,
    /** The postmaster, found as the parent of a backend; undefined when PostgreSQL is not on this machine. */
    postmasterPid: parentPid(facts.backend_pid),
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
  await client.query('TRUNCATE metric_points, metric_rollups_5m, metric_rollups_1h');
  await client.query('CHECKPOINT');
}
