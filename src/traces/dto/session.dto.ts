import { IsOptional } from 'class-validator';
import { PageQueryDto } from '../../common/dto/page-query.dto.js';
import { PageMetaDto } from '../../common/dto/page-meta.dto.js';
import { IsStringList } from '../../common/validation/string-list.js';
import { IsRfc3339 } from '../../common/validation/is-rfc3339.js';
import { TraceViewDto } from './trace-view.dto.js';

export class ListSessionsQueryDto extends PageQueryDto {
  /** Sessions created (first trace) at or after this time (RFC 3339). */
  @IsOptional()
  @IsRfc3339()
  fromTimestamp?: string;

  /** Sessions created before this time (RFC 3339). */
  @IsOptional()
  @IsRfc3339()
  toTimestamp?: string;

  /** Sessions with traces in any of these environments; repeat the parameter or separate with commas. */
  @IsStringList()
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
