import { IsOptional, IsString, Matches } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto.js';
import { IsStringList } from '../../common/validation/string-list.js';
import { IsRfc3339 } from '../../common/validation/is-rfc3339.js';
import { TRACE_ORDER_BY_PATTERN, TRACE_SORT_FIELDS } from '../trace-sort.js';

export class ListTracesQueryDto extends PageQueryDto {
  @IsOptional()
  @IsString()
  userId?: string;

  @IsOptional()
  @IsString()
  name?: string;

  @IsOptional()
  @IsString()
  sessionId?: string;

  @IsOptional()
  @IsString()
  version?: string;

  @IsOptional()
  @IsString()
  release?: string;

  /** Traces at or after this time (RFC 3339). */
  @IsOptional()
  @IsRfc3339()
  fromTimestamp?: string;

  /** Traces at or before this time (RFC 3339). */
  @IsOptional()
  @IsRfc3339()
  toTimestamp?: string;

  /**
   * `field.direction`, default `timestamp.desc`. Fields: id, timestamp, name, userId, release,
   * version, public, bookmarked, sessionId, latency, totalCost. A missing or unknown direction
   * uses the field's default (desc for id, timestamp, public, bookmarked, latency, totalCost).
   */
  @IsOptional()
  @IsString()
  @Matches(TRACE_ORDER_BY_PATTERN, {
    message: `invalid order_by: the field must be one of ${Object.keys(TRACE_SORT_FIELDS).join(', ')}`,
  })
  orderBy?: string;

  /** Traces carrying all of these tags; repeat the parameter or separate with commas. */
  @IsStringList()
  tags?: string[];

  /** Traces in any of these environments; repeat the parameter or separate with commas. */
  @IsStringList()
  environment?: string[];

  /**
   * Comma list of field groups: core (always), io, scores, observations, metrics. Absent
   * means all. Without `io` the list omits input, output and metadata; without `metrics`
   * latency and totalCost are -1; without `observations` / `scores` those lists are empty.
   */
  @IsOptional()
  @IsString()
  fields?: string;

  /** Langfuse's JSON filter: accepted and ignored. */
  @IsOptional()
  @IsString()
  filter?: string;
}
