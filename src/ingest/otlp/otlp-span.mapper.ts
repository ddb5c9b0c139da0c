import { JsonText, mayBeJson } from '../../common/json/json-text.js';
import type { ObservationRow, TraceRow } from '../../traces/trace-rows.js';
import { OBSERVATION_LEVELS, OBSERVATION_TYPES } from '../../traces/observation-types.js';
import { flattenUsageDetails, isPlainObject, normalizeCost, normalizeUsage, UsageShapeError } from '../usage-details.js';
import { type AttributeValue, type Attributes, newAttributes, type OtlpSpan, setAttribute } from './otlp-request.js';

export interface OtlpRows {
  traces: TraceRow[];
  observations: ObservationRow[];
}

/** Maps spans to observations and merges the trace fields they carry, per trace (API.md §4). */
export function mapSpans(spans: OtlpSpan[]): OtlpRows {
  const traces = new Map<string, TraceFields>();
  const observations = spans.map((span) => {
    const observation = mapObservation(span);
    const fields = traceFields(span, observation);
    const earlier = traces.get(span.traceId);
    traces.set(span.traceId, earlier ? mergeTraceFields(earlier, fields) : fields);
    return observation;
  });
  return { traces: [...traces.values()].map(toTraceRow), observations };
}

// ---------------------------------------------------------------------------------------
// Observations

const OPENINFERENCE_TYPES = new Map<string, string>([
  ['LLM', 'GENERATION'],
  ['EMBEDDING', 'EMBEDDING'],
  ['CHAIN', 'CHAIN'],
  ['TOOL', 'TOOL'],
  ['RETRIEVER', 'RETRIEVER'],
  ['RERANKER', 'RETRIEVER'],
  ['AGENT', 'AGENT'],
  ['GUARDRAIL', 'GUARDRAIL'],
  ['EVALUATOR', 'EVALUATOR'],
]);

// gen_ai.operation.name values of the OpenTelemetry GenAI semantic conventions.
const OPERATION_TYPES = new Map<string, string>([
  ['chat', 'GENERATION'],
  ['text_completion', 'GENERATION'],
  ['generate_content', 'GENERATION'],
  ['completion', 'GENERATION'],
  ['embeddings', 'EMBEDDING'],
  ['execute_tool', 'TOOL'],
  ['invoke_agent', 'AGENT'],
  ['create_agent', 'AGENT'],
]);

/** Attributes turned into columns or into the trace; the rest are kept in metadata. */
const IO_ATTRIBUTES = new Set([
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.prompt',
  'gen_ai.completion',
  'input.value',
  'output.value',
  'input.mime_type',
  'output.mime_type',
]);
const INDEXED_MESSAGE = /^gen_ai\.(prompt|completion)\.(\d+)\.(.+)$/;
const INDEXED_MESSAGE_KEY = /^gen_ai\.(prompt|completion)\.\d+\./;

export function mapObservation(span: OtlpSpan): ObservationRow {
  const attrs = span.attributes;
  const usage = spanUsage(attrs);
  const cost = spanCost(attrs);
  const { level, statusMessage } = spanLevel(span);
  const promptVersion = numberAttr(attrs, 'langfuse.observation.prompt.version');
  return {
    id: span.spanId,
    traceId: span.traceId,
    parentObservationId: span.parentSpanId,
    type: observationType(attrs, usage.totalTokens !== undefined || hasPrefix(attrs, 'gen_ai.usage.')),
    name: span.name,
    startTime: span.startTime,
    endTime: span.endTime,
    completionStartTime: dateAttr(attrs, 'langfuse.observation.completion_start_time'),
    model: spanModel(attrs),
    modelParameters: modelParameters(attrs),
    input: observationIo(span, 'input'),
    output: observationIo(span, 'output'),
    ...usage,
    ...cost,
    level,
    statusMessage,
    metadata: observationMetadata(span),
    version: stringAttr(attrs, 'langfuse.version') ?? stringAttr(span.resource, 'service.version'),
    environment: spanEnvironment(span),
    promptName: stringAttr(attrs, 'langfuse.observation.prompt.name'),
    promptVersion: promptVersion === undefined ? undefined : String(Math.trunc(promptVersion)),
  };
}

function observationType(attrs: Attributes, hasUsage: boolean): string {
  const declared = stringAttr(attrs, 'langfuse.observation.type')?.toUpperCase();
  if (declared && (OBSERVATION_TYPES as readonly string[]).includes(declared)) return declared;
  const openInference = OPENINFERENCE_TYPES.get(stringAttr(attrs, 'openinference.span.kind')?.toUpperCase() ?? '');
  if (openInference) return openInference;
  const operation = OPERATION_TYPES.get(stringAttr(attrs, 'gen_ai.operation.name') ?? '');
  if (operation) return operation;
  return spanModel(attrs) || hasUsage ? 'GENERATION' : 'SPAN';
}

function spanModel(attrs: Attributes): string | undefined {
  return (
    stringAttr(attrs, 'langfuse.observation.model.name') ??
    stringAttr(attrs, 'gen_ai.request.model') ??
    stringAttr(attrs, 'gen_ai.response.model') ??
    stringAttr(attrs, 'langfuse.generation.model') ??
    stringAttr(attrs, 'llm.model_name')
  );
}

function modelParameters(attrs: Attributes): unknown {
  const declared = jsonAttr(attrs, 'langfuse.observation.model.parameters');
  if (declared !== undefined) return declared;
  const request = prefixedAttributes(attrs, 'gen_ai.request.');
  delete request.model;
  if (Object.keys(request).length > 0) return request;
  const invocation = jsonAttr(attrs, 'llm.invocation_parameters');
  return isPlainObject(invocation) ? invocation : undefined;
}

const IO_SOURCES = {
  input: {
    langfuse: 'langfuse.observation.input',
    messages: 'gen_ai.input.messages',
    legacy: 'gen_ai.prompt',
    openInference: 'input.value',
    event: 'gen_ai.content.prompt',
  },
  output: {
    langfuse: 'langfuse.observation.output',
    messages: 'gen_ai.output.messages',
    legacy: 'gen_ai.completion',
    openInference: 'output.value',
    event: 'gen_ai.content.completion',
  },
};

/** Input or output: Langfuse attribute → GenAI messages → legacy prompt/completion → OpenInference → span events. */
function observationIo(span: OtlpSpan, side: 'input' | 'output'): unknown {
  const attrs = span.attributes;
  const source = IO_SOURCES[side];
  return (
    ioAttr(attrs, source.langfuse) ??
    ioAttr(attrs, source.messages) ??
    ioAttr(attrs, source.legacy) ??
    indexedMessages(attrs, source.legacy) ??
    ioAttr(attrs, source.openInference) ??
    eventAttribute(span, source.event, source.legacy)
  );
}

/** OpenLLMetry's `gen_ai.prompt.0.role`, `gen_ai.prompt.0.content`, ... as a message list. */
function indexedMessages(attrs: Attributes, prefix: string): unknown[] | undefined {
  const messages: Record<string, unknown>[] = [];
  for (const key in attrs) {
    const match = INDEXED_MESSAGE.exec(key);
    if (!match || `gen_ai.${match[1]}` !== prefix) continue;
    const index = Number(match[2]);
    if (index > 1000) continue;
    messages[index] = { ...messages[index], [match[3]]: attrs[key] };
  }
  const present = messages.filter((message) => message !== undefined);
  return present.length > 0 ? present : undefined;
}

function eventAttribute(span: OtlpSpan, eventName: string, key: string): unknown {
  const event = span.events.find((candidate) => candidate.name === eventName);
  return event ? ioAttr(event.attributes, key) : undefined;
}

function spanUsage(attrs: Attributes): ReturnType<typeof normalizeUsage> {
  try {
    const declared = jsonAttr(attrs, 'langfuse.observation.usage_details');
    if (declared !== undefined) return normalizeUsage(undefined, declared);
    return normalizeUsage(undefined, semanticUsage(attrs));
  } catch (error) {
    if (error instanceof UsageShapeError) return {};
    throw error;
  }
}

const SEMANTIC_USAGE_KEYS = new Map<string, string>([
  ['gen_ai.usage.input_tokens', 'input'],
  ['gen_ai.usage.prompt_tokens', 'input'],
  ['gen_ai.usage.output_tokens', 'output'],
  ['gen_ai.usage.completion_tokens', 'output'],
  ['gen_ai.usage.total_tokens', 'total'],
  ['gen_ai.usage.cache_read.input_tokens', 'cache_read_input_tokens'],
  ['gen_ai.usage.cache_read_input_tokens', 'cache_read_input_tokens'],
  ['gen_ai.usage.cache_creation.input_tokens', 'cache_creation_input_tokens'],
  ['gen_ai.usage.cache_creation_input_tokens', 'cache_creation_input_tokens'],
  ['llm.token_count.prompt', 'input'],
  ['llm.token_count.completion', 'output'],
  ['llm.token_count.total', 'total'],
  ['llm.token_count.prompt_details.cache_read', 'cache_read_input_tokens'],
  ['llm.token_count.prompt_details.cache_write', 'cache_creation_input_tokens'],
  ['llm.token_count.completion_details.reasoning', 'output_reasoning_tokens'],
]);

/** gen_ai.usage.* and OpenInference llm.token_count.* as a usage-details map (undefined when none). */
function semanticUsage(attrs: Attributes): Record<string, number> | undefined {
  const details: Record<string, number> = {};
  for (const key in attrs) {
    const name =
      SEMANTIC_USAGE_KEYS.get(key) ??
      (key.startsWith('gen_ai.usage.') && key !== 'gen_ai.usage.cost'
        ? key.slice('gen_ai.usage.'.length).replaceAll('.', '_')
        : undefined);
    if (!name || details[name] !== undefined) continue;
    const value = attrs[key];
    if (typeof value !== 'number' && typeof value !== 'string') continue;
    const number = Number(value);
    if (Number.isFinite(number)) details[name] = number;
  }
  return Object.keys(details).length > 0 ? details : undefined;
}

function spanCost(attrs: Attributes): ReturnType<typeof normalizeCost> {
  try {
    const declared = jsonAttr(attrs, 'langfuse.observation.cost_details');
    if (declared !== undefined) return normalizeCost(flattenUsageDetails(declared, 'costDetails'), undefined);
    const total = numberAttr(attrs, 'gen_ai.usage.cost');
    return total === undefined ? {} : normalizeCost({ total }, undefined);
  } catch (error) {
    if (error instanceof UsageShapeError) return {};
    throw error;
  }
}

/** Langfuse level/status message; else span status ERROR → ERROR with its message (or the exception's). */
function spanLevel(span: OtlpSpan): { level: string; statusMessage?: string } {
  const attrs = span.attributes;
  const declared = stringAttr(attrs, 'langfuse.observation.level')?.toUpperCase();
  const statusMessage = stringAttr(attrs, 'langfuse.observation.status_message');
  if (declared && (OBSERVATION_LEVELS as readonly string[]).includes(declared)) return { level: declared, statusMessage };
  if (span.status.code === 2) {
    const exception = span.events.find((event) => event.name === 'exception');
    const exceptionMessage = exception ? stringAttr(exception.attributes, 'exception.message') : undefined;
    return { level: 'ERROR', statusMessage: statusMessage ?? span.status.message ?? exceptionMessage };
  }
  return { level: 'DEFAULT', statusMessage };
}

/**
 * Explicit `langfuse.observation.metadata.*` keys at the top, then what OpenTelemetry said
 * about the span: its other attributes, the resource, the scope, events and links.
 */
function observationMetadata(span: OtlpSpan): Record<string, unknown> {
  const attrs = span.attributes;
  const remaining = newAttributes();
  for (const key in attrs) {
    if (!key.startsWith('langfuse.') && !IO_ATTRIBUTES.has(key) && !INDEXED_MESSAGE_KEY.test(key)) {
      setAttribute(remaining, key, attrs[key]);
    }
  }
  const otel: Record<string, unknown> = {
    attributes: remaining,
    resourceAttributes: span.resource,
    scope: span.scope,
  };
  if (span.events.length > 0) {
    otel.events = span.events.map((event) => ({
      name: event.name,
      timestamp: event.time?.toISOString(),
      attributes: event.attributes,
    }));
  }
  if (span.links.length > 0) otel.links = span.links;
  return { ...otel, ...prefixedObject(attrs, 'langfuse.observation.metadata') };
}

function spanEnvironment(span: OtlpSpan): string | undefined {
  return (
    stringAttr(span.attributes, 'langfuse.environment') ??
    stringAttr(span.resource, 'langfuse.environment') ??
    stringAttr(span.resource, 'deployment.environment.name') ??
    stringAttr(span.resource, 'deployment.environment')
  );
}

// ---------------------------------------------------------------------------------------
// Traces

/** Trace fields one span carries; `fallback*` only apply when no span of the trace set the explicit field. */
interface TraceFields {
  row: TraceRow;
  fallbackName?: string;
  fallbackInput?: unknown;
  fallbackOutput?: unknown;
}

function traceFields(span: OtlpSpan, observation: ObservationRow): TraceFields {
  const attrs = span.attributes;
  const isRoot = !span.parentSpanId || attrs['langfuse.internal.is_app_root'] === true;
  const metadata = prefixedObject(attrs, 'langfuse.trace.metadata');
  return {
    row: {
      id: span.traceId,
      timestamp: span.startTime,
      keepEarliestTimestamp: true,
      accumulate: true,
      name: stringAttr(attrs, 'langfuse.trace.name'),
      userId: stringAttr(attrs, 'user.id') ?? stringAttr(attrs, 'langfuse.user.id'),
      sessionId:
        stringAttr(attrs, 'session.id') ?? stringAttr(attrs, 'langfuse.session.id') ?? stringAttr(attrs, 'gen_ai.conversation.id'),
      tags: stringListAttr(attrs, 'langfuse.trace.tags'),
      public: booleanAttr(attrs, 'langfuse.trace.public'),
      metadata: Object.keys(metadata).length > 0 ? metadata : undefined,
      input: ioAttr(attrs, 'langfuse.trace.input'),
      output: ioAttr(attrs, 'langfuse.trace.output'),
      version: observation.version,
      release: stringAttr(attrs, 'langfuse.release') ?? stringAttr(span.resource, 'langfuse.release'),
      environment: observation.environment,
    },
    fallbackName: isRoot ? span.name : undefined,
    fallbackInput: isRoot ? observation.input : undefined,
    fallbackOutput: isRoot ? observation.output : undefined,
  };
}

/** First non-null wins for scalars, tags are united, metadata merged, the earliest timestamp kept. */
export function mergeTraceFields(earlier: TraceFields, later: TraceFields): TraceFields {
  const row: TraceRow = { ...earlier.row };
  for (const [key, value] of Object.entries(later.row) as [keyof TraceRow, unknown][]) {
    if (value !== undefined && row[key] === undefined) (row as unknown as Record<string, unknown>)[key] = value;
  }
  if (earlier.row.timestamp && later.row.timestamp && later.row.timestamp < earlier.row.timestamp) {
    row.timestamp = later.row.timestamp;
  }
  if (earlier.row.tags && later.row.tags) row.tags = [...new Set([...earlier.row.tags, ...later.row.tags])];
  if (isPlainObject(earlier.row.metadata) && isPlainObject(later.row.metadata)) {
    row.metadata = { ...later.row.metadata, ...earlier.row.metadata };
  }
  return {
    row,
    fallbackName: earlier.fallbackName ?? later.fallbackName,
    fallbackInput: earlier.fallbackInput ?? later.fallbackInput,
    fallbackOutput: earlier.fallbackOutput ?? later.fallbackOutput,
  };
}

function toTraceRow(fields: TraceFields): TraceRow {
  return {
    ...fields.row,
    name: fields.row.name ?? fields.fallbackName,
    input: fields.row.input ?? fields.fallbackInput,
    output: fields.row.output ?? fields.fallbackOutput,
  };
}

// ---------------------------------------------------------------------------------------
// Attribute readers

function stringAttr(attrs: Attributes, key: string): string | undefined {
  const value = attrs[key];
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

function numberAttr(attrs: Attributes, key: string): number | undefined {
  const value = attrs[key];
  const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

function booleanAttr(attrs: Attributes, key: string): boolean | undefined {
  const value = attrs[key];
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return undefined;
}

/** A string array attribute, or a JSON array in a string (some SDKs can only send strings). */
function stringListAttr(attrs: Attributes, key: string): string[] | undefined {
  const value = parseJsonText(attrs[key]);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  if (typeof value === 'string' && value !== '') return value.split(',').map((tag) => tag.trim()).filter(Boolean);
  return undefined;
}

function jsonAttr(attrs: Attributes, key: string): unknown {
  const value = attrs[key];
  return value === undefined || value === null ? undefined : parseJsonText(value);
}

/** An input or output: JSON text stays text (see JsonText), other values are taken as they are. */
function ioAttr(attrs: Attributes, key: string): unknown {
  const value = attrs[key];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? (JsonText.parse(value) ?? value) : value;
}

/** The SDKs JSON-serialise values into string attributes; parse them back, keep plain text as is. */
export function parseJsonText(value: AttributeValue | undefined): unknown {
  if (typeof value !== 'string') return value ?? undefined;
  if (!mayBeJson(value)) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function dateAttr(attrs: Attributes, key: string): Date | undefined {
  const value = jsonAttr(attrs, key);
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999 ? undefined : date;
}

/** `<prefix>.<key>` attributes (values JSON-parsed) merged over a whole-object `<prefix>` attribute. */
function prefixedObject(attrs: Attributes, prefix: string): Record<string, unknown> {
  const whole = jsonAttr(attrs, prefix);
  // Spread, not Object.assign: a key `__proto__` stays a key like any other.
  const result: Record<string, unknown> = isPlainObject(whole) ? { ...whole } : {};
  const keys = prefixedAttributes(attrs, `${prefix}.`);
  for (const key in keys) setAttribute(result, key, parseJsonText(keys[key]));
  return result;
}

/** The attributes whose key starts with `prefix`, keyed by the rest of the key. */
function prefixedAttributes(attrs: Attributes, prefix: string): Attributes {
  const result = newAttributes();
  for (const key in attrs) {
    if (key.startsWith(prefix)) setAttribute(result, key.slice(prefix.length), attrs[key]);
  }
  return result;
}

function hasPrefix(attrs: Attributes, prefix: string): boolean {
  for (const key in attrs) if (key.startsWith(prefix)) return true;
  return false;
}
