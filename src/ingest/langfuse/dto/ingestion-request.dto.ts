import { ApiProperty } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional } from 'class-validator';
import { ValidatedInPlace } from '../../../common/validation/validation-pipe.js';

/** One Langfuse ingestion event; each is validated on its own (a bad one is reported in `errors`). */
export class IngestionEventDto {
  /** Unique id of the event (not of the trace or observation it carries). */
  id: string;
  /** `trace-create`, `span-create`, `span-update`, `generation-create`, `generation-update`, `event-create`, `score-create`, `observation-create`, `observation-update`, `sdk-log`. */
  type: string;
  /** When the SDK recorded the event (ISO 8601). */
  timestamp: string;
  /** The trace, observation or score fields. */
  body: Record<string, unknown>;
  metadata?: unknown;
}

/** `POST /api/public/ingestion` body, as the Langfuse SDKs send it; events are checked one by one later. */
@ValidatedInPlace()
export class IngestionRequestDto {
  @ApiProperty({ type: [IngestionEventDto] })
  @IsArray()
  batch: unknown[];

  /** SDK name, version and batch size; informational. */
  @IsOptional()
  @IsObject()
  metadata?: Record<string, unknown>;
}

export class IngestionSuccessDto {
  /** The event id. */
  id: string;
  /** 201 */
  status: number;
}

export class IngestionErrorDto {
  /** The event id (null when the event had none). */
  id: string | null;
  status: number;
  message: string;
  /** The list of problems found in the event. */
  error?: unknown;
}

/** 207 answer: one entry per event, in `successes` or `errors` (both always present). */
export class IngestionResponseDto {
  successes: IngestionSuccessDto[];
  errors: IngestionErrorDto[];
}
