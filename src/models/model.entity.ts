import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of the model price table (`models`); project_id null = built-in. */
@Entity({ name: 'models' })
export class ModelEntity {
  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'project_id', type: 'text', nullable: true })
  projectId: string | null;

  @Column({ name: 'model_name', type: 'text' })
  modelName: string;

  @Column({ name: 'match_pattern', type: 'text' })
  matchPattern: string;

  @Column({ name: 'start_date', type: 'timestamptz', nullable: true })
  startDate: Date | null;

  @Column({ type: 'text', default: 'TOKENS' })
  unit: string;

  /** USD per unit, keyed by usage type. */
  @Column({ type: 'jsonb', default: {} })
  prices: Record<string, number>;

  // Generated from `prices` by the database.
  @Column({ name: 'input_price', type: 'double precision', nullable: true, insert: false, update: false })
  inputPrice: number | null;

  @Column({ name: 'output_price', type: 'double precision', nullable: true, insert: false, update: false })
  outputPrice: number | null;

  @Column({ name: 'total_price', type: 'double precision', nullable: true, insert: false, update: false })
  totalPrice: number | null;

  @Column({ name: 'tokenizer_id', type: 'text', nullable: true })
  tokenizerId: string | null;

  @Column({ name: 'tokenizer_config', type: 'jsonb', nullable: true })
  tokenizerConfig: Record<string, unknown> | null;

  @Column({ name: 'created_at', type: 'timestamptz', insert: false, update: false })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', insert: false, update: false })
  updatedAt: Date;
}
