import type { EntityManager } from 'typeorm';
import type { RowKind } from '../ingest/ingest-writer.js';
import { buildMergeUpsert, carried, type ColumnWrite, columnOf, overlayCarried, runMergeUpsert } from './merge-upsert.js';
import type { TraceRow } from './trace-rows.js';

/**
 * A trace timestamp set by a trace write replaces a placeholder's; with
 * `keepEarliestTimestamp` it keeps an earlier one set by another trace write.
 */
const TIMESTAMP_UPDATE = `CASE
        WHEN r."timestamp" IS NULL THEN t."timestamp"
        WHEN r."keepEarliestTimestamp" AND t.timestamp_explicit THEN LEAST(t."timestamp", r."timestamp")
        ELSE r."timestamp"
      END`;

/** Scalar fields an `accumulate` write only fills while they are empty. */
const FILLED_FIELDS = ['name', 'input', 'output', 'sessionId', 'release', 'version', 'userId'] as const;

/** `carried`, except that an `accumulate` write keeps a stored value and only fills an empty one. */
function carriedOrFilled(field: string): ColumnWrite {
  const write = carried(field);
  return {
    ...write,
    update: `CASE WHEN r."accumulate" THEN COALESCE(t."${columnOf(field)}", r."${field}") ELSE ${write.update} END`,
  };
}

/** An `accumulate` write adds the tags not yet stored, after the stored ones. */
const TAGS_WRITE: ColumnWrite = {
  column: 'tags',
  insert: `COALESCE(r."tags", '{}')`,
  update: `CASE
        WHEN r."accumulate" THEN t."tags" || ARRAY(SELECT tag FROM unnest(COALESCE(r."tags", '{}')) AS tag WHERE tag <> ALL(t."tags"))
        ELSE COALESCE(r."tags", t."tags")
      END`,
};

/** An `accumulate` write adds its metadata keys; stored keys win. */
const METADATA_WRITE: ColumnWrite = {
  column: 'metadata',
  insert: `r."metadata"`,
  update: `CASE
        WHEN NOT COALESCE(r."accumulate", false) THEN COALESCE(r."metadata", t."metadata")
        WHEN jsonb_typeof(t."metadata") = 'object' AND jsonb_typeof(r."metadata") = 'object' THEN r."metadata" || t."metadata"
        ELSE COALESCE(t."metadata", r."metadata")
      END`,
};

export const TRACE_UPSERT = buildMergeUpsert({
  table: 'traces',
  fields: {
    id: 'text',
    environment: 'text',
    timestamp: 'timestamptz',
    keepEarliestTimestamp: 'boolean',
    accumulate: 'boolean',
    name: 'text',
    input: 'jsonb',
    output: 'jsonb',
    sessionId: 'text',
    release: 'text',
    version: 'text',
    userId: 'text',
    metadata: 'jsonb',
    tags: 'text[]',
    public: 'boolean',
    externalId: 'text',
    bookmarked: 'boolean',
    latency: 'float8',
    totalCost: 'float8',
  },
  columns: [
    carried('environment', `'default'`),
    { column: 'timestamp', insert: `COALESCE(r."timestamp", now())`, update: TIMESTAMP_UPDATE },
    {
      column: 'timestamp_explicit',
      insert: `r."timestamp" IS NOT NULL`,
      update: `t.timestamp_explicit OR r."timestamp" IS NOT NULL`,
    },
    ...FILLED_FIELDS.map(carriedOrFilled),
    METADATA_WRITE,
    TAGS_WRITE,
    carried('public', 'false'),
    carried('externalId'),
    carried('bookmarked', 'false'),
    carried('latency'),
    carried('totalCost'),
  ],
});

/**
 * Merges two writes of one trace in arrival order, as the database would apply them one
 * after the other: the later sets what it carries (or, with `accumulate`, fills what is
 * still empty), timestamps follow TIMESTAMP_UPDATE.
 */
export function mergeTraceRows(earlier: TraceRow, later: TraceRow): TraceRow {
  const merged = later.accumulate ? accumulateTraceRow(earlier, later) : overlayCarried(earlier, later);
  // Only writes that all accumulate keep accumulating against the stored row.
  merged.accumulate = earlier.accumulate && later.accumulate ? true : undefined;
  if (later.timestamp == null) {
    merged.keepEarliestTimestamp = earlier.keepEarliestTimestamp;
  } else if (later.keepEarliestTimestamp && earlier.timestamp) {
    merged.timestamp = earlier.timestamp < later.timestamp ? earlier.timestamp : later.timestamp;
    merged.keepEarliestTimestamp = earlier.keepEarliestTimestamp;
  } else {
    merged.keepEarliestTimestamp = later.keepEarliestTimestamp;
  }
  return merged;
}

function accumulateTraceRow(earlier: TraceRow, later: TraceRow): TraceRow {
  const merged = overlayCarried(earlier, later);
  for (const field of FILLED_FIELDS) {
    if (earlier[field] !== undefined && earlier[field] !== null) (merged as unknown as Record<string, unknown>)[field] = earlier[field];
  }
  if (earlier.tags && later.tags) merged.tags = [...new Set([...earlier.tags, ...later.tags])];
  if (isObject(earlier.metadata) && isObject(later.metadata)) merged.metadata = { ...later.metadata, ...earlier.metadata };
  else if (earlier.metadata !== undefined && earlier.metadata !== null) merged.metadata = earlier.metadata;
  return merged;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const traceRowKind: RowKind<TraceRow, EntityManager> = {
  name: 'traces',
  order: 10,
  key: (row) => row.id,
  merge: mergeTraceRows,
  write: (tx, projectId, rows) => runMergeUpsert(tx, TRACE_UPSERT, projectId, rows),
};
