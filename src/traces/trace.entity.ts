import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A trace: one request, chat turn or agent run. Written by the ingest row kinds, read here. */
@Entity('traces')
@Index('traces_project_timestamp_idx', { synchronize: false })
@Index('traces_project_user_idx', { synchronize: false })
@Index('traces_project_session_idx', { synchronize: false })
@Index('traces_project_name_idx', { synchronize: false })
@Index('traces_tags_idx', { synchronize: false })
export class TraceEntity {
  @PrimaryColumn({ name: 'project_id', type: 'text' })
  projectId: string;

  @PrimaryColumn({ type: 'text' })
  id: string;

  @Column({ type: 'text', default: 'default' })
  environment: string;

  @Column({ type: 'timestamptz' })
  timestamp: Date;

  /** False while the timestamp is a placeholder (see the trace row kind). */
  @Column({ name: 'timestamp_explicit', type: 'boolean', default: false })
  timestampExplicit: boolean;

  @Column({ type: 'text', nullable: true })
  name: string | null;

  @Column({ type: 'jsonb', nullable: true })
  input: unknown;

  @Column({ type: 'jsonb', nullable: true })
  output: unknown;

  @Column({ name: 'session_id', type: 'text', nullable: true })
  sessionId: string | null;

  @Column({ type: 'text', nullable: true })
  release: string | null;

  @Column({ type: 'text', nullable: true })
  version: string | null;

  @Column({ name: 'user_id', type: 'text', nullable: true })
  userId: string | null;

  @Column({ type: 'jsonb', nullable: true })
  metadata: unknown;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  tags: string[];

  @Column({ type: 'boolean', default: false })
  public: boolean;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'boolean', default: false })
  bookmarked: boolean;

  /** Seconds, as sent by the client; null means derived from the observations on read. */
  @Column({ type: 'double precision', nullable: true })
  latency: number | null;

  /** As sent by the client; null means the sum of the observation costs on read. */
  @Column({ name: 'total_cost', type: 'double precision', nullable: true })
  totalCost: number | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
