import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';

/**
 * Named prepared statements (`preparedQuery`) are planned for their parameters every time.
 * PostgreSQL's default switches them to a generic plan after five runs, and a generic plan
 * made while a table is small (a new install, or after a truncate) scans the whole project
 * for each batch until the next ANALYZE: measured, one ingest statement went from ~10 ms to
 * ~900 ms and ingest fell from 15 to 4 requests/s. Parsing is still saved.
 */
const PLAN_CACHE_MODE = 'force_custom_plan';

/** One place for the DataSource options the app and the TypeORM CLI share. */
export function typeormOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error', 'migration'],
    // 10 connections: up to 4 ingest transactions (XTRACE_INGEST_MAX_FLUSHES), each of which may
    // wait for a second connection (metric series upsert), still leave room for reads.
    extra: { max: 10, application_name: 'xtrace', options: `-c plan_cache_mode=${PLAN_CACHE_MODE}` },
  };
}
