/**
 * The internal shape every ingest door maps to (native batch, Langfuse, OTLP).
 * `undefined` (or null) means "not carried by this write": a merge keeps the stored value.
 * Column names follow the `traces` / `observations` / `scores` tables.
 */
export type Json = unknown;

export interface TraceRow {
  id: string;
  environment?: string;
  /**
   * Sets the stored timestamp, unless `keepEarliestTimestamp` is set: then an earlier
   * timestamp set by a trace write is kept (Langfuse's repeated trace-create). Either way
   * it replaces the timestamp of a placeholder trace.
   */
  timestamp?: Date;
  keepEarliestTimestamp?: boolean;
  /**
   * Trace fields spread over many writes (OTLP spans, which arrive in any order and in
   * several requests): this write only fills name, input, output, sessionId, release,
   * version and userId while they are empty, adds its tags to the stored ones and its
   * metadata keys to the stored metadata (stored keys win).
   */
  accumulate?: boolean;
  name?: string;
  input?: Json;
  output?: Json;
  sessionId?: string;
  release?: string;
  version?: string;
  userId?: string;
  metadata?: Json;
  /** Replaces the stored tags when present. */
  tags?: string[];
  public?: boolean;
  externalId?: string;
  bookmarked?: boolean;
  latency?: number;
  totalCost?: number;
}

export interface ObservationRow {
  id: string;
  traceId: string;
  environment?: string;
  type?: string;
  name?: string;
  startTime?: Date;
  endTime?: Date;
  completionStartTime?: Date;
  model?: string;
  modelParameters?: Json;
  input?: Json;
  output?: Json;
  usage?: Json;
  usageDetails?: Record<string, number>;
  costDetails?: Record<string, number>;
  level?: string;
  statusMessage?: string;
  parentObservationId?: string;
  promptId?: string;
  promptName?: string;
  promptVersion?: string;
  modelId?: string;
  inputPrice?: number;
  outputPrice?: number;
  totalPrice?: number;
  calculatedInputCost?: number;
  calculatedOutputCost?: number;
  calculatedTotalCost?: number;
  /** Whose costs the row holds ('client' | 'computed'); set by the models cost step, never by a door. */
  costSource?: 'client' | 'computed';
  latency?: number;
  timeToFirstToken?: number;
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
  unit?: string;
  metadata?: Json;
  version?: string;
}

export interface ScoreRow {
  id: string;
  traceId?: string;
  observationId?: string;
  sessionId?: string;
  datasetRunId?: string;
  name: string;
  value?: number | null;
  stringValue?: string;
  dataType?: 'NUMERIC' | 'BOOLEAN' | 'CATEGORICAL';
  source?: string;
  comment?: string;
  metadata?: Json;
  configId?: string;
  queueId?: string;
  authorUserId?: string;
  environment?: string;
  timestamp?: Date;
}
