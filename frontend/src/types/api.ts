// Wire shapes of the xtrace read API the dashboard renders (shared/API.md).
// Only what the dashboard reads; fields the server may omit are optional.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface PageMeta {
  page: number;
  limit: number;
  totalItems: number;
  totalPages: number;
}

export interface Paged<T> {
  data: T[];
  meta: PageMeta;
}

export interface Trace {
  id: string;
  timestamp: string;
  name: string | null;
  input?: Json;
  output?: Json;
  sessionId: string | null;
  release: string | null;
  version: string | null;
  userId: string | null;
  metadata?: Json;
  tags: string[];
  public: boolean;
  environment: string;
  latency: number | null;
  totalCost: number | null;
  observations: unknown[];
  scores: unknown[];
}

export type ObservationLevel = 'DEBUG' | 'DEFAULT' | 'WARNING' | 'ERROR';

export interface Observation {
  id: string;
  traceId: string;
  type: string;
  name: string | null;
  startTime: string;
  endTime: string | null;
  completionStartTime: string | null;
  model: string | null;
  modelParameters?: Json;
  input?: Json;
  output?: Json;
  metadata?: Json;
  level: ObservationLevel | string;
  statusMessage: string | null;
  parentObservationId: string | null;
  latency: number | null;
  timeToFirstToken: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
  calculatedInputCost: number | null;
  calculatedOutputCost: number | null;
  calculatedTotalCost: number | null;
  usageDetails?: Record<string, number> | null;
  costDetails?: Record<string, number> | null;
  environment?: string;
}

export interface Score {
  id: string;
  traceId: string | null;
  observationId: string | null;
  name: string;
  value: number | null;
  stringValue?: string | null;
  dataType: string;
  source?: string;
  comment: string | null;
  timestamp: string;
}

export interface TraceDetail extends Omit<Trace, 'observations' | 'scores'> {
  observations: Observation[];
  scores: Score[];
}

export interface Session {
  id: string;
  createdAt: string;
  projectId?: string;
  environment: string;
}

export interface ModelUsage {
  model: string;
  inputUsage: number;
  outputUsage: number;
  totalUsage: number;
  countTraces: number;
  countObservations: number;
  totalCost: number;
}

export interface DailyMetric {
  date: string;
  countTraces: number;
  countObservations: number;
  totalCost: number;
  usage: ModelUsage[];
}

export interface MetricPoint {
  timestamp: string;
  value: number;
}

export interface MetricSeries {
  labels: Record<string, string | null>;
  values: MetricPoint[];
}

export interface MetricQueryResult {
  data: MetricSeries[];
  meta: { latest_ts?: string; series_count: number; truncated: boolean };
}
