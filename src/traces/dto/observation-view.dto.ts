import { ApiProperty } from '@nestjs/swagger';

/** Token counts and costs of an observation, Langfuse's `usage` shape. */
export class ObservationUsageDto {
  /** Prompt tokens; 0 when unknown. */
  input: number;
  /** Completion tokens; 0 when unknown. */
  output: number;
  /** Total tokens; 0 when unknown. */
  total: number;
  unit: string | null;
  inputCost: number | null;
  outputCost: number | null;
  totalCost: number | null;
}

/** An observation as the Langfuse API shows it (ObservationsView). */
export class ObservationViewDto {
  id: string;
  traceId: string;
  /** SPAN, GENERATION, EVENT, AGENT, TOOL, CHAIN, RETRIEVER, EVALUATOR, EMBEDDING or GUARDRAIL. */
  type: string;
  name: string | null;
  /** Falls back to when the observation was first stored. */
  startTime: Date;
  endTime: Date | null;
  completionStartTime: Date | null;
  model: string | null;
  /** `{}` when unset. */
  @ApiProperty({ type: 'object', additionalProperties: true })
  modelParameters: unknown;
  @ApiProperty({ description: 'Any JSON', nullable: true })
  input: unknown;
  version: string | null;
  @ApiProperty({ description: 'Any JSON', nullable: true })
  metadata: unknown;
  @ApiProperty({ description: 'Any JSON', nullable: true })
  output: unknown;
  usage: ObservationUsageDto;
  /** DEBUG, DEFAULT, WARNING or ERROR; DEFAULT when unset. */
  level: string;
  statusMessage: string | null;
  parentObservationId: string | null;
  promptId: string | null;
  promptName: string | null;
  /** The stored prompt version when it is an integer, else null. */
  promptVersion: number | null;
  modelId: string | null;
  inputPrice: number | null;
  outputPrice: number | null;
  totalPrice: number | null;
  calculatedInputCost: number | null;
  calculatedOutputCost: number | null;
  calculatedTotalCost: number | null;
  /** Seconds: as sent, else end − start (null without both). */
  latency: number | null;
  /** Seconds: as sent, else completion start − start (null without both). */
  timeToFirstToken: number | null;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  /** `{input, output, total}` from the token counts, plus any detail keys sent. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  usageDetails: Record<string, number>;
  /** `{input, output, total}` from the calculated costs (0 when unset), plus any detail keys sent. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  costDetails: Record<string, number>;
  environment: string;
}
