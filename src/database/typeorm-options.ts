import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import { ENTITIES } from './entities.js';

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
    extra: { max: 10, application_name: 'xtrace' },
  };
}
