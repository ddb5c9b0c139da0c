import { Transform, Type } from 'class-transformer';
import { IsArray, IsIn, IsInt, IsOptional, IsString } from 'class-validator';
import { IsRfc3339 } from '../../common/validation/is-rfc3339.js';
import { OBSERVATION_LEVELS } from '../observation-types.js';
import { splitList } from './list-traces-query.dto.js';

/** Filters shared by the v1 and v2 observation lists. */
export class ObservationFilterQueryDto {
  @IsOptional()
  @IsString()
  name?: string;

  /** Observations of traces of this user. */
  @IsOptional()
  @IsString()
  userId?: string;

  /** SPAN, GENERATION, EVENT, AGENT, TOOL, CHAIN, RETRIEVER, EVALUATOR, EMBEDDING or GUARDRAIL. */
  @IsOptional()
  @IsString()
  type?: string;

  @IsOptional()
  @IsString()
  traceId?: string;

  @IsOptional()
  @IsString()
  parentObservationId?: string;

  @IsOptional()
  @IsIn(OBSERVATION_LEVELS)
  level?: string;

  /** Observations in any of these environments; repeat the parameter or separate with commas. */
  @IsOptional()
  @Transform(splitList)
  @IsArray()
  @IsString({ each: true })
  environment?: string[];

  /** Observations starting at or after this time (RFC 3339). */
  @IsOptional()
  @IsRfc3339()
  fromStartTime?: string;

  /** Observations starting before this time (RFC 3339). */
  @IsOptional()
  @IsRfc3339()
  toStartTime?: string;

  @IsOptional()
  @IsString()
  version?: string;
}

/** `GET /api/public/observations` (Langfuse v1): page-numbered. */
export class ListObservationsQueryDto extends ObservationFilterQueryDto {
  /** Page number from 1; values below 1 read as 1. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  page?: number;

  /** Items per page, default 50, clamped to 1..200. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  limit?: number;
}
