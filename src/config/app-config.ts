import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import type { IngestWriterOptions } from '../ingest/ingest-writer.js';
import { EnvDto } from './env.dto.js';

export const APP_CONFIG = Symbol('APP_CONFIG');

export interface AppConfig {
  server: { host: string; port: number; maxBodyBytes: number; requestTimeoutMs: number };
  db: { url?: string; dataDir: string };
  auth: {
    bearerToken?: string;
    publicKey?: string;
    secretKey?: string;
    allowUnauthenticatedCompat: boolean;
  };
  rateLimit: { qps: number; burst: number; redisUrl?: string };
  project: { defaultId: string };
  log: { level: string };
  ingest: IngestWriterOptions;
  metrics: { retentionDays?: number; rollupRetentionDays: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

/** Reads and validates the environment once. Empty strings count as unset. */
export function loadAppConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const plain = Object.fromEntries(
    Object.keys(new EnvDto())
      .concat(OPTIONAL_KEYS)
      .map((key) => [key, env[key]?.trim()])
      .filter(([, value]) => value !== undefined && value !== ''),
  );
  const dto = plainToInstance(EnvDto, plain, { exposeDefaultValues: true });
  const errors = validateSync(dto, { whitelist: true });
  const problems = errors.map(describe);
  if (dto.DATABASE_URL && !dto.API_BEARER_TOKEN) {
    problems.push('API_BEARER_TOKEN is required when DATABASE_URL is set');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return toAppConfig(dto);
}

// Optional fields have no default, so `new EnvDto()` does not list them.
const OPTIONAL_KEYS = [
  'DATABASE_URL',
  'API_BEARER_TOKEN',
  'XTRACE_PUBLIC_KEY',
  'XTRACE_SECRET_KEY',
  'LANGFUSE_PUBLIC_KEY',
  'LANGFUSE_SECRET_KEY',
  'REDIS_URL',
  'XTRACE_METRICS_RETENTION_DAYS',
];

function describe(error: ValidationError): string {
  const messages = Object.values(error.constraints ?? {});
  return messages.some((message) => message.includes(error.property))
    ? messages.join(', ')
    : `${error.property}: ${messages.join(', ')}`;
}

function toAppConfig(env: EnvDto): AppConfig {
  const [, host, port] = /^\[?(.*?)\]?:(\d+)$/.exec(env.BIND_ADDR)!;
  const portNumber = Number(port);
  if (portNumber > 65535) throw new ConfigError(['BIND_ADDR: port must be <= 65535']);
  return {
    server: {
      host,
      port: portNumber,
      maxBodyBytes: env.XTRACE_MAX_REQUEST_BODY_BYTES,
      requestTimeoutMs: env.XTRACE_REQUEST_TIMEOUT_MS,
    },
    db: { url: env.DATABASE_URL, dataDir: env.XTRACE_DATA_DIR },
    auth: {
      bearerToken: env.API_BEARER_TOKEN,
      publicKey: env.XTRACE_PUBLIC_KEY ?? env.LANGFUSE_PUBLIC_KEY,
      secretKey: env.XTRACE_SECRET_KEY ?? env.LANGFUSE_SECRET_KEY,
      allowUnauthenticatedCompat: env.XTRACE_ALLOW_UNAUTHENTICATED_COMPAT,
    },
    rateLimit: { qps: env.RATE_LIMIT_QPS, burst: env.RATE_LIMIT_BURST, redisUrl: env.REDIS_URL },
    project: { defaultId: env.DEFAULT_PROJECT_ID },
    log: { level: env.LOG_LEVEL },
    ingest: {
      flushMs: env.XTRACE_INGEST_FLUSH_MS,
      batchRows: env.XTRACE_INGEST_BATCH_ROWS,
      maxFlushes: env.XTRACE_INGEST_MAX_FLUSHES,
      parallelFlushRows: env.XTRACE_INGEST_PARALLEL_FLUSH_ROWS,
      queueMaxRows: env.XTRACE_INGEST_QUEUE_MAX_ROWS,
      queueMaxBytes: env.XTRACE_INGEST_QUEUE_MAX_BYTES,
    },
    metrics: {
      retentionDays: env.XTRACE_METRICS_RETENTION_DAYS,
      rollupRetentionDays: env.XTRACE_ROLLUP_RETENTION_DAYS,
    },
  };
}
