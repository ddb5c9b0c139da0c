import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ObservationFilterQueryDto } from './list-observations-query.dto.js';

const BOOLEAN_TEXT = ['true', 'false'];

/** `GET /api/public/v2/observations` (used by @langfuse/client): cursor-paged, field groups. */
export class ListObservationsV2QueryDto extends ObservationFilterQueryDto {
  /**
   * Comma list of field groups: core (always: id, traceId, startTime, endTime, projectId,
   * parentObservationId, type), basic, time, io, metadata, model, usage, prompt, metrics,
   * trace_context. Default `core,basic`.
   */
  @IsOptional()
  @IsString()
  fields?: string;

  /** Items per page, 1..1000, default 50. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  /** `meta.cursor` of the previous page. */
  @IsOptional()
  @IsString()
  cursor?: string;

  @IsOptional()
  @IsString()
  sessionId?: string;

  /** `true`: only observations without a parent; `false`: only those with one. */
  @IsOptional()
  @IsIn(BOOLEAN_TEXT)
  isRootObservation?: string;

  /** Langfuse answers 400 for `true`; input and output are returned as stored JSON. */
  @IsOptional()
  @IsIn(['false'], { message: 'parseIoAsJson=true is not supported: input and output are returned as JSON' })
  parseIoAsJson?: string;

  /** Accepted; metadata is always returned whole. */
  @IsOptional()
  @Transform(({ value }) => (Array.isArray(value) ? value.join(',') : value))
  @IsString()
  expandMetadata?: string;

  /** Langfuse's JSON filter: accepted and ignored. */
  @IsOptional()
  @IsString()
  filter?: string;
}
