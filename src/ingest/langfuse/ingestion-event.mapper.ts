import { randomUUID } from 'node:crypto';
import { findUnstorableString, unstorableMessage } from '../../common/body/storable-strings.js';
import { SCORE_DATA_TYPES } from '../../traces/dto/score.dto.js';
import { OBSERVATION_LEVELS, OBSERVATION_TYPES } from '../../traces/observation-types.js';
import type { ObservationRow, ScoreRow, TraceRow } from '../../traces/trace-rows.js';
import { isPlainObject, normalizeCost, normalizeUsage } from '../usage-details.js';
import { BodyReader } from './body-reader.js';

/** Rows of one or more events, by writer row kind. */
export interface RowSet {
  traces: TraceRow[];
  observations: ObservationRow[];
  scores: ScoreRow[];
}

export type MappedEvent =
  | { outcome: 'rows'; id: string; rows: RowSet }
  | { outcome: 'ignored'; id: string }
  | { outcome: 'invalid'; id: string | null; message: string; problems: string[] };

interface ObservationEventType {
  /** Fixed by the event type; `undefined` = read from `body.type` (legacy observation-* events). */
  type?: string;
  update: boolean;
}

const OBSERVATION_EVENTS: Record<string, ObservationEventType> = {
  'span-create': { type: 'SPAN', update: false },
  'span-update': { type: 'SPAN', update: true },
  'generation-create': { type: 'GENERATION', update: false },
  'generation-update': { type: 'GENERATION', update: true },
  'event-create': { type: 'EVENT', update: false },
  'observation-create': { update: false },
  'observation-update': { update: true },
  ...Object.fromEntries(
    ['agent', 'tool', 'chain', 'retriever', 'evaluator', 'embedding', 'guardrail'].map((name) => [
      `${name}-create`,
      { type: name.toUpperCase(), update: false },
    ]),
  ),
};

/** Event types that carry updates: they sort after creates stamped with the same time. */
export function isUpdateEvent(type: unknown): boolean {
  return typeof type === 'string' && OBSERVATION_EVENTS[type]?.update === true;
}

/**
 * Validates one ingestion event on its own and maps it to rows (API.md §3.2). `checkStrings`
 * false: the body parser has seen no escape that could make a string PostgreSQL refuses.
 */
export function mapIngestionEvent(event: unknown, checkStrings = true): MappedEvent {
  if (!isPlainObject(event)) return invalid(null, ['event must be an object']);
  const id = typeof event.id === 'string' && event.id !== '' ? event.id : null;
  // Refused here, before the writer, so it fails this event alone and delays no one.
  const unstorable = checkStrings ? findUnstorableString(event) : undefined;
  if (unstorable) return invalid(id, [unstorableMessage(unstorable)]);
  const envelope = new BodyReader(event);
  if (id === null) envelope.problem('id (the event id) must be a non-empty string');
  const type = envelope.requiredString('type');
  const sentAt = envelope.date('timestamp');
  if (type === 'sdk-log') return envelope.problems.length ? invalid(id, envelope.problems) : { outcome: 'ignored', id: id! };
  const body = envelope.object('body');
  if (!body && envelope.problems.length === 0) envelope.problem('body is required');
  if (envelope.problems.length > 0 || !body || !type) return invalid(id, envelope.problems);

  const reader = new BodyReader(body);
  let rows: RowSet | undefined;
  if (type === 'trace-create') rows = traceRows(reader, sentAt);
  else if (type === 'score-create') rows = scoreRows(reader, sentAt);
  else if (OBSERVATION_EVENTS[type]) rows = observationRows(reader, OBSERVATION_EVENTS[type], type, sentAt);
  else return invalid(id, [`unsupported event type "${type}"`]);
  if (reader.problems.length > 0 || !rows) return invalid(id, reader.problems.map((problem) => `body.${problem}`));
  return { outcome: 'rows', id: id!, rows };
}

function traceRows(reader: BodyReader, sentAt: Date | undefined): RowSet {
  const trace: TraceRow = {
    id: reader.string('id') ?? randomUUID(),
    timestamp: reader.date('timestamp') ?? sentAt,
    // v3 `trace.update()` is another trace-create with a fresh timestamp: keep the first.
    keepEarliestTimestamp: true,
    name: reader.string('name'),
    userId: reader.string('userId'),
    sessionId: reader.string('sessionId'),
    release: reader.string('release'),
    version: reader.string('version'),
    input: reader.json('input'),
    output: reader.json('output'),
    metadata: reader.json('metadata'),
    tags: reader.stringArray('tags'),
    environment: reader.string('environment'),
    public: reader.boolean('public'),
  };
  return { traces: [trace], observations: [], scores: [] };
}

function observationRows(
  reader: BodyReader,
  eventType: ObservationEventType,
  typeName: string,
  sentAt: Date | undefined,
): RowSet | undefined {
  const id = eventType.update ? reader.requiredString('id') : (reader.string('id') ?? randomUUID());
  // An update must name its trace (the row has no other way to find it); a create without
  // one starts a new trace, as Langfuse does.
  const traceId = eventType.update ? reader.requiredString('traceId') : (reader.string('traceId') ?? randomUUID());
  const type = eventType.type ?? reader.oneOf('type', OBSERVATION_TYPES);
  if (!eventType.type && !reader.has('type')) reader.problem(`type is required for ${typeName}`);
  const usage = reader.attempt(() => normalizeUsage(reader.json('usage'), reader.json('usageDetails'))) ?? {};
  const cost = reader.attempt(() => normalizeCost(reader.json('costDetails'), reader.json('usage'))) ?? {};
  const startTime = reader.date('startTime') ?? (eventType.update ? undefined : sentAt);
  const promptVersion = reader.number('promptVersion');
  if (promptVersion !== undefined && !Number.isInteger(promptVersion)) reader.problem('promptVersion must be an integer');
  const observation: ObservationRow = {
    id: id!,
    traceId: traceId!,
    type,
    name: reader.string('name'),
    startTime,
    // An event is a point in time.
    endTime: type === 'EVENT' ? (reader.date('endTime') ?? startTime) : reader.date('endTime'),
    completionStartTime: reader.date('completionStartTime'),
    model: reader.string('model'),
    modelParameters: reader.object('modelParameters'),
    input: reader.json('input'),
    output: reader.json('output'),
    metadata: reader.json('metadata'),
    usage: isPlainObject(reader.body.usage) ? reader.body.usage : undefined,
    ...usage,
    ...cost,
    level: reader.oneOf('level', OBSERVATION_LEVELS),
    statusMessage: reader.string('statusMessage'),
    parentObservationId: reader.string('parentObservationId'),
    version: reader.string('version'),
    environment: reader.string('environment'),
    promptName: reader.string('promptName'),
    promptVersion: promptVersion === undefined ? undefined : String(promptVersion),
    promptId: reader.string('promptId'),
  };
  if (!id || !traceId) return undefined;
  return { traces: [], observations: [observation], scores: [] };
}

function scoreRows(reader: BodyReader, sentAt: Date | undefined): RowSet | undefined {
  const name = reader.requiredString('name');
  const traceId = reader.string('traceId');
  const sessionId = reader.string('sessionId');
  const datasetRunId = reader.string('datasetRunId');
  if (!traceId && !sessionId && !datasetRunId) reader.problem('one of traceId, sessionId or datasetRunId is required');
  const value = scoreValue(reader);
  const score: ScoreRow = {
    id: reader.string('id') ?? randomUUID(),
    name: name ?? '',
    traceId,
    observationId: reader.string('observationId'),
    sessionId,
    datasetRunId,
    ...value,
    source: 'API',
    comment: reader.string('comment'),
    metadata: reader.json('metadata'),
    configId: reader.string('configId'),
    queueId: reader.string('queueId'),
    environment: reader.string('environment'),
    timestamp: reader.date('timestamp') ?? sentAt,
  };
  if (!name || !value) return undefined;
  return { traces: [], observations: [], scores: [score] };
}

/** A score body of `POST /api/public/scores` (the score-create body) → its row, or what is wrong with it. */
export function mapScoreBody(body: Record<string, unknown>, now: Date): { score: ScoreRow } | { problems: string[] } {
  const reader = new BodyReader(body);
  const rows = scoreRows(reader, now);
  return rows && reader.problems.length === 0 ? { score: rows.scores[0] } : { problems: reader.problems };
}

type ScoreValue = Pick<ScoreRow, 'value' | 'stringValue' | 'dataType'>;

/**
 * dataType given or inferred (string → CATEGORICAL, number → NUMERIC, boolean → BOOLEAN).
 * BOOLEAN stores 0/1 with "True"/"False"; CATEGORICAL stores the label with a null value.
 */
function scoreValue(reader: BodyReader): ScoreValue | undefined {
  const declared = reader.oneOf('dataType', SCORE_DATA_TYPES);
  const raw = reader.body.value;
  if (raw === undefined || raw === null) return reader.problem('value is required');
  const dataType =
    declared ?? (typeof raw === 'string' ? 'CATEGORICAL' : typeof raw === 'boolean' ? 'BOOLEAN' : 'NUMERIC');
  switch (dataType) {
    case 'NUMERIC':
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return reader.problem('value of a NUMERIC score must be a number');
      return { dataType, value: raw };
    case 'BOOLEAN': {
      const flag = raw === true || raw === 1 ? 1 : raw === false || raw === 0 ? 0 : undefined;
      if (flag === undefined) return reader.problem('value of a BOOLEAN score must be 0 or 1 (or true/false)');
      return { dataType, value: flag, stringValue: flag === 1 ? 'True' : 'False' };
    }
    case 'CATEGORICAL':
      if (typeof raw !== 'string') return reader.problem('value of a CATEGORICAL score must be a string');
      return { dataType, value: null, stringValue: raw };
  }
}

function invalid(id: string | null, problems: string[]): MappedEvent {
  return { outcome: 'invalid', id, message: `invalid event: ${problems.join('; ')}`, problems };
}
