import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A score of a trace, an observation or a session. */
@Entity('scores')
@Index('scores_project_trace_idx', { synchronize: false })
@Index('scores_project_timestamp_idx', { synchronize: false })
export class ScoreEntity {
  @PrimaryColumn({ name: 'project_id', type: 'text' })
  projectId: string;

  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ name: 'trace_id', type: 'text', nullable: true })
  traceId: string | null;

  @Column({ name: 'observation_id', type: 'text', nullable: true })
  observationId: string | null;

  @Column({ name: 'session_id', type: 'text', nullable: true })
  sessionId: string | null;

  @Column({ name: 'dataset_run_id', type: 'text', nullable: true })
  datasetRunId: string | null;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'double precision', nullable: true })
  value: number | null;

  @Column({ name: 'string_value', type: 'text', nullable: true })
  stringValue: string | null;

  @Column({ name: 'data_type', type: 'text', default: 'NUMERIC' })
  dataType: string;

  @Column({ type: 'text', default: 'API' })
  source: string;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'jsonb', nullable: true })
  metadata: unknown;

  @Column({ name: 'config_id', type: 'text', nullable: true })
  configId: string | null;

  @Column({ name: 'queue_id', type: 'text', nullable: true })
  queueId: string | null;

  @Column({ name: 'author_user_id', type: 'text', nullable: true })
  authorUserId: string | null;

  @Column({ type: 'text', default: 'default' })
  environment: string;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  timestamp: Date;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
