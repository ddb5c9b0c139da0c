import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/dto/page-meta.dto.js';
import { ObservationViewDto } from './observation-view.dto.js';
import { ScoreViewDto } from './score-view.dto.js';

/** The fields every trace view shares. */
export class TraceViewDto {
  id: string;
  timestamp: Date;
  name: string | null;
  /** Omitted from list items when `fields` is given without `io`. */
  @ApiProperty({ description: 'Any JSON', nullable: true, required: false })
  input?: unknown;
  @ApiProperty({ description: 'Any JSON', nullable: true, required: false })
  output?: unknown;
  sessionId: string | null;
  release: string | null;
  version: string | null;
  userId: string | null;
  @ApiProperty({ description: 'Any JSON', nullable: true, required: false })
  metadata?: unknown;
  tags: string[];
  public: boolean;
  projectId: string;
  externalId: string | null;
  bookmarked: boolean;
  environment: string;
  /** `/project/<projectId>/traces/<id>` */
  htmlPath: string;
  /**
   * Seconds: as sent, else from the earliest observation start to the latest observation
   * end. In lists, -1 when `fields` is given without `metrics`.
   */
  latency: number;
  /** As sent, else the sum of observation costs. In lists, -1 when `fields` is given without `metrics`. */
  totalCost: number;
  createdAt: Date;
  updatedAt: Date;
}

export class TraceListItemDto extends TraceViewDto {
  /** Observation ids; `[]` when `fields` is given without `observations`. */
  observations: string[];
  /** Score ids; `[]` when `fields` is given without `scores`. */
  scores: string[];
}

export class TraceDetailDto extends TraceViewDto {
  /** By start time (unset last), then creation time. */
  observations: ObservationViewDto[];
  scores: ScoreViewDto[];
}

export class TraceListResponseDto {
  data: TraceListItemDto[];
  meta: PageMetaDto;
}
