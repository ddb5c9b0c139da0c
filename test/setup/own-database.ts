import { DataSource } from 'typeorm';
import { typeormOptions } from '../../src/database/typeorm-options.js';
import { testDatabaseUrl } from './create-test-app.js';
import { dropDatabase, recreateDatabase } from './test-database.mjs';

/**
 * A migrated database of the calling suite's own, `<test database>_<suffix>`, for what the
 * shared one cannot take (TRUNCATE, plans of an empty table). Registers the suite's
 * beforeAll/afterAll; the returned function gives its connection once beforeAll has run.
 */
export function ownDatabase(suffix: string): () => DataSource {
  const url = new URL(testDatabaseUrl());
  url.pathname = `${url.pathname}_${suffix}`;
  let dataSource: DataSource | undefined;
  beforeAll(async () => {
    await recreateDatabase(url.toString());
    dataSource = await new DataSource(typeormOptions(url.toString())).initialize();
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(url.toString());
  });
  return () => {
    if (!dataSource) throw new Error('ownDatabase: used before beforeAll ran');
    return dataSource;
  };
}
