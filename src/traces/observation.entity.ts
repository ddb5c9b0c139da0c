import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './bigint-number.transformer.js';

/** A span, generation, event (or another observation type) inside a trace. */
@Entity('observations')
@Index('observations_project_trace_idx', { synchronize: false })
@Index('observations_project_start_idx', { synchronize: false })
export class ObservationEntity {
  @PrimaryColumn({ name: 'project_id', type: 'text' })
  projectId: string;

  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'trace_id', type: 'text' })
  traceId: string;

  @Column({ type: 'text', default: 'default' })
  environment: string;

  @Column({ type: 'text', default: 'GENERATION' })
  type: string;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ name: 'start_time', type: 'timestamptz', nullable: true })
  startTime: Date | null;

  @Column({ name: 'end_time', type: 'timestamptz', nullable: true })
  endTime: Date | null;

  @Column({ name: 'completion_start_time', type: 'timestamptz', nullable: true })
  completionStartTime: Date | null;

  @Column({ type: 'text', nullable: true })
  model: string | null;

  @Column({ name: 'model_parameters', type: 'jsonb', nullable: true })
  modelParameters: unknown;

  @Column({ type: 'jsonb', nullable: true })
  input: unknown;

  @Column({ type: 'jsonb', nullable: true })
  output: unknown;

  @Column({ type: 'jsonb', nullable: true })
  usage: unknown;

  @Column({ name: 'usage_details', type: 'jsonb', nullable: true })
  usageDetails: Record<string, number> | null;

  @Column({ name: 'cost_details', type: 'jsonb', nullable: true })
  costDetails: Record<string, number> | null;

  @Column({ type: 'text', nullable: true })
  level: string | null;

  @Column({ name: 'status_message', type: 'text', nullable: true })
  statusMessage: string | null;

  @Column({ name: 'parent_observation_id', type: 'text', nullable: true })
  parentObservationId: string | null;

  @Column({ name: 'prompt_id', type: 'text', nullable: true })
  promptId: string | null;

  @Column({ name: 'prompt_name', type: 'text', nullable: true })
  promptName: string | null;

  @Column({ name: 'prompt_version', type: 'text', nullable: true })
  promptVersion: string | null;

  @Column({ name: 'model_id', type: 'text', nullable: true })
  modelId: string | null;

  @Column({ name: 'input_price', type: 'double precision', nullable: true })
  inputPrice: number | null;

  @Column({ name: 'output_price', type: 'double precision', nullable: true })
  outputPrice: number | null;

  @Column({ name: 'total_price', type: 'double precision', nullable: true })
  totalPrice: number | null;

  @Column({ name: 'calculated_input_cost', type: 'double precision', nullable: true })
  calculatedInputCost: number | null;

  @Column({ name: 'calculated_output_cost', type: 'double precision', nullable: true })
  calculatedOutputCost: number | null;

  @Column({ name: 'calculated_total_cost', type: 'double precision', nullable: true })
  calculatedTotalCost: number | null;

  /** Seconds, as sent; null means derived from start and end on read. */
  @Column({ type: 'double precision', nullable: true })
  latency: number | null;

  @Column({ name: 'time_to_first_token', type: 'double precision', nullable: true })
  timeToFirstToken: number | null;

  @Column({ name: 'prompt_tokens', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  promptTokens: number | null;

  @Column({ name: 'completion_tokens', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  completionTokens: number | null;

  @Column({ name: 'total_tokens', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  totalTokens: number | null;

  @Column({ type: 'text', nullable: true })
  unit: string | null;

  @Column({ type: 'jsonb', nullable: true })
  metadata: unknown;

  @Column({ type: 'text', nullable: true })
  version: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
