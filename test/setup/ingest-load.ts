import { randomBytes, randomUUID } from 'node:crypto';
import { ProtobufTraceSerializer, JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import pg from 'pg';

/** The four ingest doors (OTLP in both encodings). */
export type Door = 'native' | 'langfuse' | 'otlp-json' | 'otlp-protobuf' | 'metrics';
export const ALL_DOORS: Door[] = ['native', 'langfuse', 'otlp-json', 'otlp-protobuf', 'metrics'];

/** What a 2xx answer promises is stored: ids per table, and metric points per batch label. */
export interface Acknowledged {
  traces: Set<string>;
  observations: Set<string>;
  scores: Set<string>;
  /** `batch` label value → number of points sent with it. */
  metricBatches: Map<string, number>;
}

export function emptyAcknowledged(): Acknowledged {
  return { traces: new Set(), observations: new Set(), scores: new Set(), metricBatches: new Map() };
}

export interface DoorRequest {
  door: Door;
  path: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
  /** Given the answer, adds what it acknowledged (nothing unless 2xx). */
  acknowledge(status: number, body: Buffer, into: Acknowledged): void;
  /** Adds everything the request carries, acknowledged or not. */
  carried(into: Acknowledged): void;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const json = { 'content-type': 'application/json' };

/** Builds one realistic request for `door` with fresh ids; `size` scales the number of events. */
export function buildDoorRequest(door: Door, size = 3): DoorRequest {
  switch (door) {
    case 'native':
      return nativeBatch(size);
    case 'langfuse':
      return langfuseBatch(size);
    case 'otlp-json':
    case 'otlp-protobuf':
      return otlpExport(door, size);
    case 'metrics':
      return metricsBatch(size * 5);
  }
}

function nativeBatch(size: number): DoorRequest {
  const traceId = randomUUID();
  const observationIds = Array.from({ length: size }, () => randomUUID());
  const now = new Date().toISOString();
  const body = {
    trace: { id: traceId, name: 'load-native', timestamp: now, tags: ['load'], input: { q: 'hello' } },
    observations: observationIds.map((id, index) => ({
      id,
      traceId,
      type: index === 0 ? 'SPAN' : 'GENERATION',
      name: `step-${index}`,
      startTime: now,
      endTime: now,
      model: 'gpt-4o-mini',
      promptTokens: 10,
      completionTokens: 5,
    })),
  };
  return {
    door: 'native',
    path: '/v1/l/batch',
    headers: json,
    body: JSON.stringify(body),
    acknowledge(status, _text, into) {
      if (status >= 200 && status <= 299) this.carried(into);
    },
    carried(into) {
      into.traces.add(traceId);
      for (const id of observationIds) into.observations.add(id);
    },
  };
}

function langfuseBatch(size: number): DoorRequest {
  const traceId = randomUUID();
  const now = new Date().toISOString();
  const events: { id: string; type: string; timestamp: string; body: Record<string, unknown> }[] = [];
  /** envelope id → [table, body id] */
  const owners = new Map<string, [keyof Omit<Acknowledged, 'metricBatches'>, string]>();
  const add = (type: string, table: 'traces' | 'observations' | 'scores', body: Record<string, unknown>) => {
    const id = randomUUID();
    events.push({ id, type, timestamp: now, body });
    owners.set(id, [table, body.id as string]);
  };
  add('trace-create', 'traces', { id: traceId, name: 'load-langfuse', timestamp: now, userId: 'u1' });
  for (let i = 0; i < size; i++) {
    const type = i % 2 === 0 ? 'span-create' : 'generation-create';
    add(type, 'observations', { id: randomUUID(), traceId, name: `obs-${i}`, startTime: now, endTime: now });
  }
  add('score-create', 'scores', { id: randomUUID(), traceId, name: 'quality', value: 0.5 });
  return {
    door: 'langfuse',
    path: '/api/public/ingestion',
    headers: json,
    body: JSON.stringify({ batch: events }),
    acknowledge(status, body, into) {
      if (status !== 207) return;
      const answer = JSON.parse(body.toString('utf8')) as { successes: { id: string }[] };
      for (const success of answer.successes) {
        const owner = owners.get(success.id);
        if (owner) into[owner[0]].add(owner[1]);
      }
    },
    carried(into) {
      for (const [table, id] of owners.values()) into[table].add(id);
    },
  };
}

function otlpExport(door: 'otlp-json' | 'otlp-protobuf', size: number): DoorRequest {
  const traceId = hex(16);
  const spanIds = Array.from({ length: size }, () => hex(8));
  const spans = spanIds.map((spanId, index) => readableSpan(traceId, spanId, index === 0 ? undefined : spanIds[0], index));
  const protobuf = door === 'otlp-protobuf';
  const body = protobuf
    ? ProtobufTraceSerializer.serializeRequest(spans)!
    : Buffer.from(JsonTraceSerializer.serializeRequest(spans)!).toString('utf8');
  return {
    door,
    path: '/api/public/otel/v1/traces',
    headers: { 'content-type': protobuf ? 'application/x-protobuf' : 'application/json' },
    body,
    acknowledge(status, answer, into) {
      if (status !== 200) return;
      // These spans are all valid: any rejection reported means nothing can be assumed stored.
      if (rejectedSpans(protobuf, answer) === 0) this.carried(into);
    },
    carried(into) {
      into.traces.add(traceId);
      for (const id of spanIds) into.observations.add(id);
    },
  };
}

/** The `partialSuccess.rejectedSpans` of an OTLP answer (protobuf or JSON; empty = none). */
export function rejectedSpans(protobuf: boolean, answer: Buffer): number {
  if (answer.length === 0) return 0;
  const response = protobuf
    ? ProtobufTraceSerializer.deserializeResponse(answer)
    : (JSON.parse(answer.toString('utf8')) as { partialSuccess?: { rejectedSpans?: number | string } });
  return Number(response.partialSuccess?.rejectedSpans ?? 0);
}

/** The shape the OTLP serializers read from a finished SDK span. */
function readableSpan(traceId: string, spanId: string, parentSpanId: string | undefined, index: number): ReadableSpan {
  const nowMs = Date.now();
  const time = (ms: number): [number, number] => [Math.floor(ms / 1000), (ms % 1000) * 1e6];
  const attributes =
    index === 0
      ? { 'langfuse.trace.name': 'load-otlp', 'user.id': 'u1' }
      : { 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.usage.input_tokens': 12, 'gen_ai.usage.output_tokens': 3 };
  return {
    name: `otlp-${index}`,
    kind: 0,
    spanContext: () => ({ traceId, spanId, traceFlags: 1 }),
    parentSpanContext: parentSpanId ? { traceId, spanId: parentSpanId, traceFlags: 1 } : undefined,
    startTime: time(nowMs),
    endTime: time(nowMs + 5),
    duration: [0, 5e6],
    status: { code: 0 },
    attributes,
    links: [],
    events: [],
    ended: true,
    resource: { attributes: { 'service.name': 'xtrace-load' } } as unknown as ReadableSpan['resource'],
    instrumentationScope: { name: 'xtrace-load' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  } as ReadableSpan;
}

function metricsBatch(points: number): DoorRequest {
  const batch = randomUUID();
  const start = Date.now();
  const body = {
    metrics: Array.from({ length: points }, (_, index) => ({
      name: 'load_metric',
      labels: { batch, worker: 'load' },
      value: index,
      timestamp: new Date(start - index).toISOString(),
    })),
  };
  return {
    door: 'metrics',
    path: '/v1/metrics/batch',
    headers: json,
    body: JSON.stringify(body),
    acknowledge(status, _text, into) {
      if (status >= 200 && status <= 299) this.carried(into);
    },
    carried(into) {
      into.metricBatches.set(batch, points);
    },
  };
}

export interface Outcome {
  door: Door;
  status?: number;
  retryAfter?: string | null;
  /** Set when no answer arrived (connection refused or reset). */
  networkError?: string;
  ms: number;
}

export interface LoadRun {
  acknowledged: Acknowledged;
  /**
   * What requests carried that were answered with an error or not at all, on the doors that
   * write a request in one transaction (native batch, metrics): none of it may be stored.
   */
  unacknowledged: Acknowledged;
  outcomes: Outcome[];
  /** Stops the clients and resolves once every request in flight has settled. */
  stop(): Promise<void>;
}

/**
 * `clientsPerDoor` concurrent clients per door, each sending one request after another
 * (fresh ids every time) until stopped, recording what every 2xx acknowledged.
 */
export function startLoad(options: {
  baseUrl: string;
  token: string;
  doors?: Door[];
  clientsPerDoor?: number;
  size?: number;
}): LoadRun {
  const { baseUrl, token, doors = ALL_DOORS, clientsPerDoor = 1, size = 3 } = options;
  const acknowledged = emptyAcknowledged();
  const unacknowledged = emptyAcknowledged();
  const allOrNothing = (door: Door) => door === 'native' || door === 'metrics';
  const outcomes: Outcome[] = [];
  let stopped = false;
  const client = async (door: Door) => {
    while (!stopped) {
      const request = buildDoorRequest(door, size);
      const started = Date.now();
      try {
        const response = await fetch(`${baseUrl}${request.path}`, {
          method: 'POST',
          headers: { ...request.headers, authorization: `Bearer ${token}` },
          body: request.body,
        });
        const answer = Buffer.from(await response.arrayBuffer());
        request.acknowledge(response.status, answer, acknowledged);
        if ((response.status < 200 || response.status > 299) && allOrNothing(door)) request.carried(unacknowledged);
        const retryAfter = response.headers.get('retry-after');
        outcomes.push({ door, status: response.status, retryAfter, ms: Date.now() - started });
        // Like every well-behaved SDK: a 503 says when to come back (a client reconnecting in a
        // tight loop can always land in a closing server's accept queue and be reset).
        if (response.status === 503 && retryAfter) await new Promise((done) => setTimeout(done, Number(retryAfter) * 1000));
      } catch (error) {
        outcomes.push({ door, networkError: describeNetworkError(error), ms: Date.now() - started });
        if (allOrNothing(door)) request.carried(unacknowledged);
        // the server is gone or going: do not spin
        await new Promise((done) => setTimeout(done, 20));
      }
    }
  };
  const running = doors.flatMap((door) => Array.from({ length: clientsPerDoor }, () => client(door)));
  return {
    acknowledged,
    unacknowledged,
    outcomes,
    stop: async () => {
      stopped = true;
      await Promise.all(running);
    },
  };
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? String(error);
}

export interface Missing {
  traces: string[];
  observations: string[];
  scores: string[];
  /** Metric batches with fewer stored points than acknowledged. */
  metricBatches: string[];
}

/** Looks every acknowledged event up in PostgreSQL; returns what is not there. */
export async function findMissing(databaseUrl: string, projectId: string, acknowledged: Acknowledged): Promise<Missing> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const absent = async (table: 'traces' | 'observations' | 'scores', ids: Set<string>) => {
      const { rows } = await client.query<{ id: string }>(
        `SELECT wanted.id FROM unnest($2::text[]) AS wanted(id)
         WHERE NOT EXISTS (SELECT 1 FROM ${table} t WHERE t.project_id = $1 AND t.id = wanted.id)`,
        [projectId, [...ids]],
      );
      return rows.map((row) => row.id);
    };
    const { rows: stored } = await client.query<{ batch: string; points: string }>(
      `SELECT s.labels->>'batch' AS batch, count(*) AS points
       FROM metric_series s JOIN metric_points p ON p.series_id = s.id
       WHERE s.project_id = $1 AND s.labels->>'batch' = ANY($2::text[])
       GROUP BY 1`,
      [projectId, [...acknowledged.metricBatches.keys()]],
    );
    const storedPoints = new Map(stored.map((row) => [row.batch, Number(row.points)]));
    return {
      traces: await absent('traces', acknowledged.traces),
      observations: await absent('observations', acknowledged.observations),
      scores: await absent('scores', acknowledged.scores),
      metricBatches: [...acknowledged.metricBatches].filter(([batch, points]) => (storedPoints.get(batch) ?? 0) < points).map(([batch]) => batch),
    };
  } finally {
    await client.end();
  }
}

export function countAcknowledged(acknowledged: Acknowledged): number {
  let points = 0;
  for (const count of acknowledged.metricBatches.values()) points += count;
  return acknowledged.traces.size + acknowledged.observations.size + acknowledged.scores.size + points;
}

export function mergeAcknowledged(into: Acknowledged, from: Acknowledged): void {
  for (const key of ['traces', 'observations', 'scores'] as const) for (const id of from[key]) into[key].add(id);
  for (const [batch, points] of from.metricBatches) into.metricBatches.set(batch, points);
}
