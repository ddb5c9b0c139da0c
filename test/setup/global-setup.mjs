import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
// globalSetup runs outside jest's module system, so it uses the build `npm test` makes first.
import { startEmbeddedPostgres } from '../../dist/src/database/embedded-postgres.js';
import { typeormOptions } from '../../dist/src/database/typeorm-options.js';
import { recreateDatabase } from './test-database.mjs';

/**
 * One PostgreSQL for the whole e2e run: TEST_DATABASE_URL when set (its database is
 * recreated), else an embedded PostgreSQL in a temporary directory. Migrations run once here.
 */
export default async function globalSetup() {
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const dataDir = mkdtempSync(join(tmpdir(), 'xtrace-test-'));
    const database = await startEmbeddedPostgres(dataDir);
    globalThis.xtraceTestDatabaseStop = database.stop;
    const embedded = new URL(database.url);
    embedded.pathname = '/xtrace_test';
    url = embedded.toString();
  }
  await recreateDatabase(url);
  const dataSource = new DataSource({ ...typeormOptions(url), migrationsRun: false, logging: ['error'] });
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  // Test workers start after this and inherit the environment.
  process.env.XTRACE_TEST_DATABASE_URL = url;
}
