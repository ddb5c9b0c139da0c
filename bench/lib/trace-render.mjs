import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { createRandom } from './random.mjs';

/**
 * Renders generated traces as request bodies of the three trace doors, the way their
 * real clients send them. Bodies are Buffers, rendered before a run so the load loop
 * spends no CPU on them.
 */

const iso = (ms) => (ms === undefined ? undefined : new Date(ms).toISOString());

/**
 * `POST /v1/l/batch` (API.md §2.4). The body carries one trace row and any number of
 * observations, so a request of several traces sends the first trace in full and the
 * observations of all; the other traces are created as placeholders by their observations.
 */
export function renderNative(traces) {
  const [first] = traces;
  const body = {
    trace: {
      id: first.id,
      timestamp: iso(first.timestamp),
      name: first.name,
      input: first.input,
      output: first.output,
      sessionId: first.sessionId,
      release: first.release,
      version: first.version,
      userId: first.userId,
      metadata: first.metadata,
      tags: first.tags,
      environment: first.environment,
    },
    observations: traces.flatMap((trace) => trace.observations.map(nativeObservation)),
  };
  return Buffer.from(JSON.stringify(body));
}

function nativeObservation(observation) {
  return {
    id: observation.id,
    traceId: observation.traceId,
    type: observation.type,
    name: observation.name,
    startTime: iso(observation.startTime),
    endTime: iso(observation.endTime),
    completionStartTime: iso(observation.completionStartTime),
    model: observation.model,
    modelParameters: observation.modelParameters,
    input: observation.input,
    output: observation.output,
    usage: observation.usage,
    level: observation.level,
    statusMessage: observation.statusMessage,
    parentObservationId: observation.parentObservationId ?? undefined,
    promptTokens: observation.usage?.input,
    completionTokens: observation.usage?.output,
    totalTokens: observation.usage?.total,
    calculatedInputCost: observation.cost?.input,
    calculatedOutputCost: observation.cost?.output,
    calculatedTotalCost: observation.cost?.total,
    metadata: observation.metadata,
  };
}

/**
 * `POST /api/public/ingestion` (API.md §3.2) as the Langfuse v3 SDK sends it: a
 * `trace-create`, then for every span and generation a `*-create` when it starts and a
 * `*-update` when it ends (output, usage, cost), and one `event-create` per event.
 */
export function renderLangfuse(traces, seed) {
  const random = createRandom(`langfuse-${seed}`);
  const eventId = () => random.hex(32);
  const batch = [];
  for (const trace of traces) {
    const at = iso(trace.timestamp);
    batch.push({
      id: eventId(),
      type: 'trace-create',
      timestamp: at,
      body: {
        id: trace.id,
        timestamp: at,
        name: trace.name,
        userId: trace.userId,
        sessionId: trace.sessionId,
        release: trace.release,
        version: trace.version,
        metadata: trace.metadata,
        tags: trace.tags,
        input: trace.input,
        output: trace.output,
      },
    });
    for (const observation of trace.observations) batch.push(...langfuseEvents(observation, eventId));
  }
  return Buffer.from(
    JSON.stringify({
      batch,
      metadata: { batch_size: batch.length, sdk_name: 'langfuse-js', sdk_version: '3.39.2', sdk_integration: 'DEFAULT' },
    }),
  );
}

function langfuseEvents(observation, eventId) {
  const start = {
    id: observation.id,
    traceId: observation.traceId,
    name: observation.name,
    startTime: iso(observation.startTime),
    input: observation.input,
    metadata: observation.metadata,
    parentObservationId: observation.parentObservationId,
  };
  if (observation.type === 'EVENT') {
    const body = { ...start, output: observation.output, level: observation.level };
    return [{ id: eventId(), type: 'event-create', timestamp: start.startTime, body }];
  }
  const end = {
    id: observation.id,
    traceId: observation.traceId,
    endTime: iso(observation.endTime),
    output: observation.output,
    level: observation.level,
    statusMessage: observation.statusMessage,
  };
  const kind = observation.type === 'GENERATION' ? 'generation' : 'span';
  if (kind === 'generation') {
    Object.assign(start, { model: observation.model, modelParameters: observation.modelParameters });
    Object.assign(end, {
      completionStartTime: iso(observation.completionStartTime),
      usageDetails: observation.usage,
      costDetails: observation.cost,
    });
  }
  return [
    { id: eventId(), type: `${kind}-create`, timestamp: start.startTime, body: start },
    { id: eventId(), type: `${kind}-update`, timestamp: end.endTime, body: end },
  ];
}

const RESOURCE = {
  attributes: {
    'service.name': 'bench-llm-app',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.version': '2.12.0',
  },
};
const SCOPE = { name: 'langfuse-sdk', version: '5.11.1' };

/**
 * `POST /api/public/otel/v1/traces` as OTLP protobuf, encoded by OpenTelemetry's own
 * serializer from span records shaped like the @langfuse/otel exporter's (trace-level
 * attributes on every span, `langfuse.observation.*` attributes with JSON text).
 */
export function renderOtlp(traces) {
  const spans = traces.flatMap((trace) => trace.observations.map((observation) => otlpSpan(trace, observation)));
  return Buffer.from(ProtobufTraceSerializer.serializeRequest(spans));
}

function otlpSpan(trace, observation) {
  const attributes = {
    'user.id': trace.userId,
    'session.id': trace.sessionId,
    'langfuse.trace.name': trace.name,
    'langfuse.trace.tags': trace.tags,
    'langfuse.release': trace.release,
    'langfuse.version': trace.version,
    'langfuse.observation.type': observation.type.toLowerCase(),
    'langfuse.observation.input': JSON.stringify(observation.input),
    'langfuse.observation.output': JSON.stringify(observation.output),
    'langfuse.observation.level': observation.level,
  };
  for (const [key, value] of Object.entries(observation.metadata)) {
    attributes[`langfuse.observation.metadata.${key}`] = String(value);
  }
  if (observation.parentObservationId === null) {
    attributes['langfuse.internal.is_app_root'] = true;
    attributes['langfuse.trace.input'] = JSON.stringify(trace.input);
    attributes['langfuse.trace.output'] = JSON.stringify(trace.output);
    for (const [key, value] of Object.entries(trace.metadata)) attributes[`langfuse.trace.metadata.${key}`] = value;
  }
  if (observation.statusMessage) attributes['langfuse.observation.status_message'] = observation.statusMessage;
  if (observation.type === 'GENERATION') {
    attributes['langfuse.observation.model.name'] = observation.model;
    attributes['langfuse.observation.model.parameters'] = JSON.stringify(observation.modelParameters);
    attributes['langfuse.observation.completion_start_time'] = JSON.stringify(iso(observation.completionStartTime));
    attributes['langfuse.observation.usage_details'] = JSON.stringify(observation.usage);
    attributes['langfuse.observation.cost_details'] = JSON.stringify(observation.cost);
  }
  const parent = observation.parentObservationId;
  return {
    name: observation.name,
    kind: 0,
    spanContext: () => ({ traceId: trace.id, spanId: observation.id, traceFlags: 1 }),
    parentSpanContext: parent ? { traceId: trace.id, spanId: parent, traceFlags: 1, isRemote: false } : undefined,
    startTime: hrTime(observation.startTime),
    endTime: hrTime(observation.endTime),
    attributes,
    droppedAttributesCount: 0,
    events: [],
    droppedEventsCount: 0,
    links: [],
    droppedLinksCount: 0,
    status: observation.level === 'ERROR' ? { code: 2, message: observation.statusMessage } : { code: 0 },
    resource: RESOURCE,
    instrumentationScope: SCOPE,
  };
}

function hrTime(ms) {
  return [Math.floor(ms / 1000), (ms % 1000) * 1e6];
}
