import { IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto.js';
import { IsStringList } from '../../common/validation/string-list.js';
import { IsRfc3339 } from '../../common/validation/is-rfc3339.js';
import { OBSERVATION_LEVELS } from '../observation-types.js';

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
  @IsStringList()
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
export class ListObservationsQueryDto extends IntersectionType(ObservationFilterQueryDto, PageQueryDto) {}
