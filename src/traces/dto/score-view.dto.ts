import { ApiProperty } from '@nestjs/swagger';

/** A score as the Langfuse API shows it inside a trace (ScoreV1). */
export class ScoreViewDto {
  id: string;
  traceId: string | null;
  name: string;
  /** `API` unless another source was recorded. */
  source: string;
  observationId: string | null;
  timestamp: Date;
  createdAt: Date;
  updatedAt: Date;
  authorUserId: string | null;
  comment: string | null;
  @ApiProperty({ description: 'Any JSON', nullable: true })
  metadata: unknown;
  configId: string | null;
  queueId: string | null;
  environment: string;
  /** NUMERIC, BOOLEAN or CATEGORICAL. */
  dataType: string;
  /** Null for a categorical score without a numeric mapping. */
  value: number | null;
  /** Only for BOOLEAN (`True`/`False`) and CATEGORICAL scores. */
  stringValue?: string | null;
}
