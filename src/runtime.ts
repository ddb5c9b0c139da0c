import type { AppConfig } from './config/app-config.js';
import { loadOrCreateToken } from './auth/generated-token.js';
import { startEmbeddedPostgres } from './database/embedded-postgres.js';

export interface Runtime {
  config: AppConfig;
  /** Set when the bearer token was generated on this start: print it once. */
  newToken?: string;
  stop(): Promise<void>;
}

/**
 * Fills in what the environment left out: with no DATABASE_URL, an embedded
 * PostgreSQL in the data directory and a bearer token kept beside it.
 */
export async function resolveRuntime(config: AppConfig, log: (line: string) => void): Promise<Runtime> {
  if (config.db.url) return { config, stop: async () => undefined };
  const database = await startEmbeddedPostgres(config.db.dataDir, log);
  const generated = config.auth.bearerToken ? undefined : loadOrCreateToken(config.db.dataDir);
  return {
    config: {
      ...config,
      db: { ...config.db, url: database.url },
      auth: { ...config.auth, bearerToken: config.auth.bearerToken ?? generated?.token },
    },
    newToken: generated?.created ? generated.token : undefined,
    stop: () => database.stop(),
  };
}
