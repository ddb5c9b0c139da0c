import { Transform, Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString } from 'class-validator';
import { PageMetaDto } from '../../common/dto/page-meta.dto.js';
import { IsRfc3339 } from '../../common/validation/is-rfc3339.js';
import { splitList } from './list-traces-query.dto.js';
import { TraceViewDto } from './trace-view.dto.js';

export class ListSessionsQueryDto {
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

  /** Sessions created (first trace) at or after this time (RFC 3339). */
  @IsOptional()
  @IsRfc3339()
  fromTimestamp?: string;

  /** Sessions created before this time (RFC 3339). */
  @IsOptional()
  @IsRfc3339()
  toTimestamp?: string;

  /** Sessions with traces in any of these environments; repeat the parameter or separate with commas. */
  @IsOptional()
  @Transform(splitList)
  @IsArray()
  @IsString({ each: true })
  environment?: string[];
}

/** A session: the traces sharing a `sessionId`. */
export class SessionDto {
  id: string;
  /** Timestamp of its earliest trace. */
  createdAt: Date;
  projectId: string;
  /** Environment of its earliest trace. */
  environment: string;
}

export class SessionListResponseDto {
  data: SessionDto[];
  meta: PageMetaDto;
}

export class SessionDetailDto extends SessionDto {
  /** Its traces, oldest first. */
  traces: TraceViewDto[];
}
