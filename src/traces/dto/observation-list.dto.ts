import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/dto/page-meta.dto.js';
import { ObservationViewDto } from './observation-view.dto.js';

export class ObservationListResponseDto {
  data: ObservationViewDto[];
  meta: PageMetaDto;
}

/** An observation of the v2 list: `core` fields always, the others by requested group. */
export class ObservationV2Dto {
  id: string;
  traceId: string;
  startTime: Date;
  endTime: Date | null;
  projectId: string;
  parentObservationId: string | null;
  type: string;
  name?: string | null;
  level?: string;
  statusMessage?: string | null;
  version?: string | null;
  environment?: string;
  bookmarked?: boolean;
  public?: boolean;
  userId?: string | null;
  sessionId?: string | null;
  completionStartTime?: Date | null;
  createdAt?: Date;
  updatedAt?: Date;
  @ApiProperty({ description: 'Any JSON', nullable: true, required: false })
  input?: unknown;
  @ApiProperty({ description: 'Any JSON', nullable: true, required: false })
  output?: unknown;
  @ApiProperty({ description: 'Any JSON', nullable: true, required: false })
  metadata?: unknown;
  model?: string | null;
  internalModelId?: string | null;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  modelParameters?: unknown;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'number' } })
  usageDetails?: Record<string, number>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'number' } })
  costDetails?: Record<string, number>;
  totalCost?: number | null;
  usagePricingTierName?: string | null;
  promptId?: string | null;
  promptName?: string | null;
  promptVersion?: number | null;
  latency?: number | null;
  timeToFirstToken?: number | null;
  tags?: string[];
  release?: string | null;
  traceName?: string | null;
}

export class CursorMetaDto {
  /** Pass as `cursor` to get the next page; absent on the last page. */
  cursor?: string;
}

export class ObservationV2ListResponseDto {
  data: ObservationV2Dto[];
  meta: CursorMetaDto;
}
