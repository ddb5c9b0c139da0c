import { Transform, Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsRfc3339 } from '../../common/validation/is-rfc3339.js';
import { ValidatedInPlace } from '../../common/validation/validation-pipe.js';
import { OBSERVATION_LEVELS, OBSERVATION_TYPES } from '../../traces/observation-types.js';

/** Ids and indexed strings stay well under PostgreSQL's btree entry limit (~2.7 kB). */
const KEY_MAX = 512;
const FINITE = { allowNaN: false, allowInfinity: false };
const upperCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toUpperCase() : value);
const integerAsString = ({ value }: { value: unknown }) => (Number.isInteger(value) ? String(value) : value);

/**
 * A trace of the native batch. Absent or null fields keep what is stored for this id;
 * a new trace gets the defaults named below.
 */
export class NativeTraceDto {
  /** Trace id: any non-empty string (UUIDs in practice). */
  @IsString()
  @IsNotEmpty()
  @MaxLength(KEY_MAX)
  id: string;

  /** Start of the trace (RFC 3339); a new trace without one gets the time it is written. */
  @IsOptional()
  @IsRfc3339()
  timestamp?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(KEY_MAX)
  name?: string | null;

  /** Any JSON. */
  @Allow()
  input?: unknown;

  /** Any JSON. */
  @Allow()
  output?: unknown;

  @IsOptional()
  @IsString()
  @MaxLength(KEY_MAX)
  sessionId?: string | null;

  /** Alias of `sessionId` (the original's name); `sessionId` wins when both are sent. */
  @IsOptional()
  @IsString()
  @MaxLength(KEY_MAX)
  session_id?: string | null;

  @IsOptional()
  @IsString()
  release?: string | null;

  @IsOptional()
  @IsString()
  version?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(KEY_MAX)
  userId?: string | null;

  /** Any JSON. */
  @Allow()
  metadata?: unknown;

  /** Replaces the stored tags when sent; a new trace without tags gets `[]`. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(KEY_MAX, { each: true })
  tags?: string[] | null;

  /** Default false. */
  @IsOptional()
  @IsBoolean()
  public?: boolean | null;

  /** Default `default`. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(KEY_MAX)
  environment?: string | null;

  @IsOptional()
  @IsString()
  externalId?: string | null;

  /** Default false. */
  @IsOptional()
  @IsBoolean()
  bookmarked?: boolean | null;

  /** Seconds; when absent, reads derive it from the observations. */
  @IsOptional()
  @IsNumber(FINITE)
  latency?: number | null;

  /** When absent, reads sum the observation costs. */
  @IsOptional()
  @IsNumber(FINITE)
  totalCost?: number | null;

  /** Ignored: a trace always belongs to the caller's project. */
  @IsOptional()
  @IsString()
  projectId?: string | null;
}

/** An observation of the native batch. Absent or null fields keep what is stored for this id. */
export class NativeObservationDto {
  /** Observation id: any non-empty string. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(KEY_MAX)
  id: string;

  /** The trace it belongs to; a missing trace is created as a placeholder. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(KEY_MAX)
  traceId: string;

  /** Case-insensitive; a new observation without one is a `GENERATION`. */
  @IsOptional()
  @Transform(upperCase)
  @IsIn(OBSERVATION_TYPES)
  type?: string | null;

  @IsOptional()
  @IsString()
  name?: string | null;

  @IsOptional()
  @IsRfc3339()
  startTime?: string | null;

  @IsOptional()
  @IsRfc3339()
  endTime?: string | null;

  /** When the first token arrived (generations). */
  @IsOptional()
  @IsRfc3339()
  completionStartTime?: string | null;

  @IsOptional()
  @IsString()
  model?: string | null;

  /** Any JSON. */
  @Allow()
  modelParameters?: unknown;

  /** Any JSON. */
  @Allow()
  input?: unknown;

  /** Any JSON. */
  @Allow()
  output?: unknown;

  /**
   * Any JSON, stored as sent. Token counts not sent are read from it: `input`/`output`/`total`
   * or `promptTokens`/`completionTokens`/`totalTokens`.
   */
  @Allow()
  usage?: unknown;

  /** Case-insensitive; reads show `DEFAULT` when unset. */
  @IsOptional()
  @Transform(upperCase)
  @IsIn(OBSERVATION_LEVELS)
  level?: string | null;

  @IsOptional()
  @IsString()
  statusMessage?: string | null;

  @IsOptional()
  @IsString()
  @MaxLength(KEY_MAX)
  parentObservationId?: string | null;

  @IsOptional()
  @IsString()
  promptId?: string | null;

  @IsOptional()
  @IsString()
  promptName?: string | null;

  /** A string (an integer is accepted too); reads return it as an integer when it is one. */
  @IsOptional()
  @Transform(integerAsString)
  @IsString()
  promptVersion?: string | null;

  @IsOptional()
  @IsString()
  modelId?: string | null;

  @IsOptional()
  @IsNumber(FINITE)
  inputPrice?: number | null;

  @IsOptional()
  @IsNumber(FINITE)
  outputPrice?: number | null;

  @IsOptional()
  @IsNumber(FINITE)
  totalPrice?: number | null;

  @IsOptional()
  @IsNumber(FINITE)
  calculatedInputCost?: number | null;

  @IsOptional()
  @IsNumber(FINITE)
  calculatedOutputCost?: number | null;

  /** Summed into the trace's `totalCost` on read. */
  @IsOptional()
  @IsNumber(FINITE)
  calculatedTotalCost?: number | null;

  /** Seconds; when absent, reads derive it from start and end. */
  @IsOptional()
  @IsNumber(FINITE)
  latency?: number | null;

  /** Seconds; when absent, reads derive it from start and completion start. */
  @IsOptional()
  @IsNumber(FINITE)
  timeToFirstToken?: number | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  completionTokens?: number | null;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  promptTokens?: number | null;

  /** Defaults to prompt + completion tokens when both are known. */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(Number.MAX_SAFE_INTEGER)
  totalTokens?: number | null;

  @IsOptional()
  @IsString()
  unit?: string | null;

  /** Any JSON. */
  @Allow()
  metadata?: unknown;

  /** Default `default`. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(KEY_MAX)
  environment?: string | null;

  /** Ignored: an observation always belongs to the caller's project. */
  @IsOptional()
  @IsString()
  projectId?: string | null;
}

/** `POST /v1/l/batch`: at most one trace and any number of observations, all optional. */
@ValidatedInPlace()
export class NativeBatchDto {
  @IsOptional()
  @ValidateNested()
  @Type(() => NativeTraceDto)
  trace?: NativeTraceDto | null;

  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => NativeObservationDto)
  observations?: NativeObservationDto[] | null;
}

/** The answer once everything is committed. */
export class IngestAcceptedDto {
  /** Always `Request Successful.` */
  message: string;
}
