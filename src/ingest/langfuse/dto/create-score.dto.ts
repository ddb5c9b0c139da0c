import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, IsOptional } from 'class-validator';

/**
 * `POST /api/public/scores`, the body of a Langfuse score-create event. Types and the
 * NUMERIC/BOOLEAN/CATEGORICAL rules are checked by the same code as ingestion events.
 */
export class CreateScoreDto {
  /** Generated when absent; a known id updates that score. */
  @IsOptional() id?: string;
  /** One of traceId, sessionId or datasetRunId is required. */
  @IsOptional() traceId?: string;
  @IsOptional() observationId?: string;
  @IsOptional() sessionId?: string;
  @IsOptional() datasetRunId?: string;
  @IsDefined() name: string;
  /** A number (NUMERIC; BOOLEAN as 0/1) or a string (CATEGORICAL). */
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }, { type: 'boolean' }] })
  @IsDefined()
  value: number | string | boolean;
  /** NUMERIC, BOOLEAN or CATEGORICAL; inferred from the value when absent. */
  @IsOptional() dataType?: string;
  @IsOptional() comment?: string;
  @ApiProperty({ description: 'Any JSON', required: false })
  @IsOptional()
  metadata?: unknown;
  @IsOptional() configId?: string;
  @IsOptional() queueId?: string;
  @IsOptional() environment?: string;
  /** When the score was given (ISO 8601); default now. */
  @IsOptional() timestamp?: string;
}

export class CreateScoreResponseDto {
  id: string;
}
