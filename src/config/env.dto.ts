import { Transform, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
} from 'class-validator';

/** `1`/`true` and `0`/`false`, any case; anything else stays a string and fails validation. */
const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  if (/^(1|true)$/i.test(value)) return true;
  if (/^(0|false)$/i.test(value)) return false;
  return value;
};

/** Matches `host:port`, `[v6]:port`. */
const BIND_ADDR_PATTERN = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$/;
const POSTGRES_URL_PATTERN = /^postgres(ql)?:\/\/[^\s]+$/;
const REDIS_URL_PATTERN = /^rediss?:\/\/[^\s]+$/;

/**
 * Every environment variable xtrace reads, validated once at boot.
 * Keep in step with `.env.example`.
 */
export class EnvDto {
  /** PostgreSQL URL. Unset: an embedded PostgreSQL is started in XTRACE_DATA_DIR. */
  @IsOptional()
  @Matches(POSTGRES_URL_PATTERN, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  /** Bearer token for the API. Required with DATABASE_URL; generated in embedded mode. */
  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'API_BEARER_TOKEN must be at least 8 characters' })
  API_BEARER_TOKEN?: string;

  @Matches(BIND_ADDR_PATTERN, { message: 'BIND_ADDR must look like host:port (e.g. 127.0.0.1:8742)' })
  BIND_ADDR = '127.0.0.1:8742';

  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: 'DEFAULT_PROJECT_ID must be 1-100 of [A-Za-z0-9._-]' })
  DEFAULT_PROJECT_ID = 'default';

  @IsOptional() @IsString() XTRACE_PUBLIC_KEY?: string;
  @IsOptional() @IsString() XTRACE_SECRET_KEY?: string;
  @IsOptional() @IsString() LANGFUSE_PUBLIC_KEY?: string;
  @IsOptional() @IsString() LANGFUSE_SECRET_KEY?: string;

  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { message: 'RATE_LIMIT_QPS must be a number' })
  @IsPositive({ message: 'RATE_LIMIT_QPS must be > 0' })
  RATE_LIMIT_QPS = 20;

  @Type(() => Number)
  @IsInt({ message: 'RATE_LIMIT_BURST must be an integer' })
  @Min(1, { message: 'RATE_LIMIT_BURST must be > 0' })
  RATE_LIMIT_BURST = 40;

  @Transform(toBoolean)
  @IsIn([true, false], { message: 'XTRACE_ALLOW_UNAUTHENTICATED_COMPAT must be true/false/1/0' })
  XTRACE_ALLOW_UNAUTHENTICATED_COMPAT = false;

  @Type(() => Number)
  @IsInt({ message: 'XTRACE_MAX_REQUEST_BODY_BYTES must be an integer' })
  @Min(1024)
  @Max(1024 * 1024 * 1024)
  XTRACE_MAX_REQUEST_BODY_BYTES = 20 * 1024 * 1024;

  /** Longest time a client may take to send one request (headers and body); slower → 408. */
  @Type(() => Number)
  @IsInt({ message: 'XTRACE_REQUEST_TIMEOUT_MS must be an integer' })
  @Min(1000)
  @Max(600_000)
  XTRACE_REQUEST_TIMEOUT_MS = 30_000;

  /** Where the embedded PostgreSQL and the generated token live. */
  @IsString()
  @MinLength(1)
  XTRACE_DATA_DIR = './.xtrace';

  /** Shared rate-limit state for several xtrace instances. */
  @IsOptional()
  @Matches(REDIS_URL_PATTERN, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /**
   * How long queued ingest rows wait for more before a flush starts. 0: at once when a flush
   * slot is free; rows still gather while all XTRACE_INGEST_MAX_FLUSHES flushes are running.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1000)
  XTRACE_INGEST_FLUSH_MS = 0;

  /**
   * Ingest transactions running at once. Each holds a pool connection (of 10) and may
   * need a second one for a metric series upsert, so at most 4 leaves room for reads.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(4)
  XTRACE_INGEST_MAX_FLUSHES = 3;

  /**
   * Rows that must be queued before a flush starts while another is running. Fewer wait for a
   * running flush to end (at most 10 ms) and go in one group: a small flush costs PostgreSQL a
   * fixed few milliseconds (planning, commit) whatever it carries. 1: any rows start a flush
   * in a free slot.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  XTRACE_INGEST_PARALLEL_FLUSH_ROWS = 500;

  /** Rows per flush transaction. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  XTRACE_INGEST_BATCH_ROWS = 5_000;

  /** Rows waiting in the ingest queue before new requests get 503. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  XTRACE_INGEST_QUEUE_MAX_ROWS = 200_000;

  /** Bytes (approximate JSON size) waiting in the ingest queue before new requests get 503. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  XTRACE_INGEST_QUEUE_MAX_BYTES = 64 * 1024 * 1024;

  /** Days of raw metric points kept; unset keeps them forever. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  XTRACE_METRICS_RETENTION_DAYS?: number;

  /** Days of metric rollups kept. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  XTRACE_ROLLUP_RETENTION_DAYS = 365;
}
