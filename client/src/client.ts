import type { BodyOf, QueryOf, ResponseOf } from './api-types.js';
import { type ClientOptions, type Credentials, HttpTransport, type RequestOptions } from './http.js';

/** Routes the client calls, as OpenAPI path keys (so the types below line up with the server). */
export const API_ROUTES = {
  healthz: '/healthz',
  readyz: '/readyz',
  ingestBatch: '/v1/l/batch',
  traces: '/api/public/traces',
  trace: '/api/public/traces/{traceId}',
  observations: '/api/public/observations',
  observation: '/api/public/observations/{observationId}',
  sessions: '/api/public/sessions',
  session: '/api/public/sessions/{sessionId}',
  scores: '/api/public/scores',
  scoresV2: '/api/public/v2/scores',
  metricsBatch: '/v1/metrics/batch',
  metricNames: '/api/public/metrics/names',
  metricLabels: '/api/public/metrics/labels',
  metricsQuery: '/api/public/metrics/query',
  metricsDaily: '/api/public/metrics/daily',
  models: '/api/public/models',
} as const;

type Routes = typeof API_ROUTES;

export type HealthResponse = ResponseOf<Routes['healthz']>;
export type ReadyResponse = ResponseOf<Routes['readyz']>;
export type IngestBatchRequest = BodyOf<Routes['ingestBatch']>;
export type IngestBatchResponse = ResponseOf<Routes['ingestBatch'], 'post'>;
export type ListTracesQuery = QueryOf<Routes['traces']>;
export type TraceList = ResponseOf<Routes['traces']>;
export type TraceDetail = ResponseOf<Routes['trace']>;
export type DeleteTraceResponse = ResponseOf<Routes['trace'], 'delete'>;
export type DeleteTracesRequest = BodyOf<Routes['traces'], 'delete'>;
export type DeleteTracesResponse = ResponseOf<Routes['traces'], 'delete'>;
export type ListObservationsQuery = QueryOf<Routes['observations']>;
export type ObservationList = ResponseOf<Routes['observations']>;
export type Observation = ResponseOf<Routes['observation']>;
export type ListSessionsQuery = QueryOf<Routes['sessions']>;
export type SessionList = ResponseOf<Routes['sessions']>;
export type SessionDetail = ResponseOf<Routes['session']>;
export type CreateScoreRequest = BodyOf<Routes['scores']>;
export type CreateScoreResponse = ResponseOf<Routes['scores'], 'post'>;
export type ListScoresQuery = QueryOf<Routes['scoresV2']>;
export type ScoreList = ResponseOf<Routes['scoresV2']>;
export type PushMetricsRequest = BodyOf<Routes['metricsBatch']>;
export type PushMetricsResponse = ResponseOf<Routes['metricsBatch'], 'post'>;
export type MetricNames = ResponseOf<Routes['metricNames']>;
export type MetricLabels = ResponseOf<Routes['metricLabels']>;
export type MetricsQueryResponse = ResponseOf<Routes['metricsQuery']>;
// Every daily parameter has a server default (API.md §2.8), whatever the document marks required.
export type DailyMetricsQuery = Partial<QueryOf<Routes['metricsDaily']>>;
export type DailyMetrics = ResponseOf<Routes['metricsDaily']>;
export type ListModelsQuery = QueryOf<Routes['models']>;
export type ModelList = ResponseOf<Routes['models']>;
export type CreateModelRequest = BodyOf<Routes['models']>;
export type Model = ResponseOf<Routes['models'], 'post'>;

/** One metric point as `pushMetrics` takes it: the wire shape, with a `Date` allowed as timestamp. */
export type MetricPoint = PointOf<PushMetricsRequest> extends infer Point
  ? Omit<Point, 'timestamp'> & { timestamp: string | Date }
  : never;
type PointOf<Body> = Body extends { metrics: readonly (infer Point)[] } ? Point : Record<string, unknown>;

/**
 * `queryMetrics` parameters: the wire query, except that the `labels` filter may be given as
 * an object (sent as the JSON text the server expects). Only `name` is required (API.md
 * §2.10: `step`, `agg`, `from` and `to` have defaults).
 */
export type MetricsQuery = Pick<QueryOf<Routes['metricsQuery']>, 'name'> &
  Partial<Omit<QueryOf<Routes['metricsQuery']>, 'name' | 'labels'>> & {
    labels?: Record<string, string> | string;
  };

/**
 * Typed client for the xtrace HTTP API.
 *
 * ```ts
 * const xtrace = new Client('http://127.0.0.1:8742', process.env.XTRACE_TOKEN!);
 * const { data } = await xtrace.listTraces({ limit: 10 });
 * ```
 *
 * Every method takes optional per-call `RequestOptions` (abort signal, timeout, retry policy,
 * headers) last, and throws `XtraceError` on failure.
 */
export class Client {
  private readonly http: HttpTransport;

  /**
   * @param baseUrl the server's root URL (`http://host:port`); a trailing slash is fine.
   * @param credentials the bearer token, or `{ publicKey, secretKey }` (sent as HTTP Basic).
   */
  constructor(baseUrl: string, credentials: Credentials, options: ClientOptions = {}) {
    this.http = new HttpTransport(baseUrl, credentials, options);
  }

  /** `GET /healthz`: the process is up. */
  healthz(options?: RequestOptions): Promise<HealthResponse> {
    return this.http.send({ method: 'GET', path: API_ROUTES.healthz, idempotent: true }, options);
  }

  /**
   * `GET /readyz`: whether the server reaches its database. A "not ready" server answers
   * 503, which resolves (status `not_ready`) instead of throwing, and is not retried: a
   * readiness probe wants the answer of now.
   */
  readyz(options?: RequestOptions): Promise<ReadyResponse> {
    return this.http.send(
      { method: 'GET', path: API_ROUTES.readyz, idempotent: true, acceptStatuses: [503] },
      { ...options, retry: { maxRetries: 0, ...options?.retry } },
    );
  }

  /**
   * `POST /v1/l/batch`: one trace and/or observations. Resolves after the server committed
   * them. Retried like a read: xtrace merges writes by id, so a repeat changes nothing.
   */
  ingestBatch(batch: IngestBatchRequest, options?: RequestOptions): Promise<IngestBatchResponse> {
    return this.http.send({ method: 'POST', path: API_ROUTES.ingestBatch, body: batch, idempotent: true }, options);
  }

  /** `GET /api/public/traces`: a page of traces. Array filters go out as repeated keys. */
  listTraces(query: ListTracesQuery = {}, options?: RequestOptions): Promise<TraceList> {
    return this.http.send({ method: 'GET', path: API_ROUTES.traces, query, idempotent: true }, options);
  }

  /** `GET /api/public/traces/{traceId}`: the trace with its observations and scores. */
  getTrace(traceId: string, options?: RequestOptions): Promise<TraceDetail> {
    return this.http.send({ method: 'GET', path: fillPath(API_ROUTES.trace, traceId), idempotent: true }, options);
  }

  /** `DELETE /api/public/traces/{traceId}`: the trace, its observations and its scores. */
  deleteTrace(traceId: string, options?: RequestOptions): Promise<DeleteTraceResponse> {
    return this.http.send({ method: 'DELETE', path: fillPath(API_ROUTES.trace, traceId), idempotent: true }, options);
  }

  /** `DELETE /api/public/traces` with `{ traceIds }`: several traces at once. */
  deleteTraces(traceIds: string[], options?: RequestOptions): Promise<DeleteTracesResponse> {
    const body = { traceIds } as DeleteTracesRequest;
    return this.http.send({ method: 'DELETE', path: API_ROUTES.traces, body, idempotent: true }, options);
  }

  /** `GET /api/public/observations`: a page of observations (spans, generations, events). */
  listObservations(query: ListObservationsQuery = {}, options?: RequestOptions): Promise<ObservationList> {
    return this.http.send({ method: 'GET', path: API_ROUTES.observations, query, idempotent: true }, options);
  }

  /** `GET /api/public/observations/{observationId}`. */
  getObservation(observationId: string, options?: RequestOptions): Promise<Observation> {
    return this.http.send({ method: 'GET', path: fillPath(API_ROUTES.observation, observationId), idempotent: true }, options);
  }

  /** `GET /api/public/sessions`: a page of sessions (trace groups sharing a `sessionId`). */
  listSessions(query: ListSessionsQuery = {}, options?: RequestOptions): Promise<SessionList> {
    return this.http.send({ method: 'GET', path: API_ROUTES.sessions, query, idempotent: true }, options);
  }

  /** `GET /api/public/sessions/{sessionId}`: the session with its traces. */
  getSession(sessionId: string, options?: RequestOptions): Promise<SessionDetail> {
    return this.http.send({ method: 'GET', path: fillPath(API_ROUTES.session, sessionId), idempotent: true }, options);
  }

  /**
   * `POST /api/public/scores`. Scores are upserted by id; when `score.id` is not given the
   * client picks a UUID, so a retried request cannot create the score twice.
   */
  createScore(score: CreateScoreRequest, options?: RequestOptions): Promise<CreateScoreResponse> {
    const body = withGeneratedId(score);
    const idempotent = typeof (body as { id?: unknown }).id === 'string';
    return this.http.send({ method: 'POST', path: API_ROUTES.scores, body, idempotent }, options);
  }

  /** `GET /api/public/v2/scores`: a page of scores. */
  listScores(query: ListScoresQuery = {}, options?: RequestOptions): Promise<ScoreList> {
    return this.http.send({ method: 'GET', path: API_ROUTES.scoresV2, query, idempotent: true }, options);
  }

  /**
   * `POST /v1/metrics/batch`: metric points, committed when this resolves. Retried on
   * overload and network errors; see the README for the one case where a retry can store a
   * point twice.
   */
  pushMetrics(points: readonly MetricPoint[], options?: RequestOptions): Promise<PushMetricsResponse> {
    const metrics = points.map((point) => ({
      ...point,
      timestamp: point.timestamp instanceof Date ? point.timestamp.toISOString() : point.timestamp,
    }));
    return this.http.send({ method: 'POST', path: API_ROUTES.metricsBatch, body: { metrics }, idempotent: true }, options);
  }

  /** `GET /api/public/metrics/names`: every metric name, sorted. */
  metricNames(options?: RequestOptions): Promise<MetricNames> {
    return this.http.send({ method: 'GET', path: API_ROUTES.metricNames, idempotent: true }, options);
  }

  /** `GET /api/public/metrics/labels?name=`: label keys of a metric and their values. */
  metricLabels(name: string, options?: RequestOptions): Promise<MetricLabels> {
    return this.http.send({ method: 'GET', path: API_ROUTES.metricLabels, query: { name }, idempotent: true }, options);
  }

  /** `GET /api/public/metrics/query`: time-bucketed aggregates of one metric. */
  queryMetrics(query: MetricsQuery, options?: RequestOptions): Promise<MetricsQueryResponse> {
    return this.http.send({ method: 'GET', path: API_ROUTES.metricsQuery, query, idempotent: true }, options);
  }

  /** `GET /api/public/metrics/daily`: per-day trace counts, costs and model usage. */
  dailyMetrics(query: DailyMetricsQuery = {}, options?: RequestOptions): Promise<DailyMetrics> {
    return this.http.send({ method: 'GET', path: API_ROUTES.metricsDaily, query, idempotent: true }, options);
  }

  /** `GET /api/public/models`: a page of model price rows. */
  listModels(query: ListModelsQuery = {}, options?: RequestOptions): Promise<ModelList> {
    return this.http.send({ method: 'GET', path: API_ROUTES.models, query, idempotent: true }, options);
  }

  /**
   * `POST /api/public/models`: a project-owned model price row. Not idempotent (each call
   * creates a row), so it is retried only when the server answered 429 or 503.
   */
  createModel(model: CreateModelRequest, options?: RequestOptions): Promise<Model> {
    return this.http.send({ method: 'POST', path: API_ROUTES.models, body: model, idempotent: false }, options);
  }
}

/** `/things/{thingId}` with the id, percent-encoded (ids are opaque strings). */
function fillPath(template: string, id: string): string {
  return template.replace(/\{[^}]+\}/, () => encodeURIComponent(id));
}

function withGeneratedId<T>(body: T): T {
  if (typeof body !== 'object' || body === null || (body as { id?: unknown }).id !== undefined) return body;
  const randomUUID = globalThis.crypto?.randomUUID?.bind(globalThis.crypto);
  return randomUUID ? { ...body, id: randomUUID() } : body;
}
