import type { EntityManager } from 'typeorm';
import type { RowKind } from '../ingest/ingest-writer.js';
import { buildMergeUpsert, carried, overlayCarried, runMergeUpsert } from './merge-upsert.js';
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

export const TRACE_UPSERT = buildMergeUpsert({
  table: 'traces',
  fields: {
    id: 'text',
    environment: 'text',
    timestamp: 'timestamptz',
    keepEarliestTimestamp: 'boolean',
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
    carried('name'),
    carried('input'),
    carried('output'),
    carried('sessionId'),
    carried('release'),
    carried('version'),
    carried('userId'),
    carried('metadata'),
    carried('tags', `'{}'`),
    carried('public', 'false'),
    carried('externalId'),
    carried('bookmarked', 'false'),
    carried('latency'),
    carried('totalCost'),
  ],
});

/**
 * Merges two writes of one trace in arrival order, as the database would apply them one
 * after the other: the later sets what it carries, timestamps follow TIMESTAMP_UPDATE.
 */
export function mergeTraceRows(earlier: TraceRow, later: TraceRow): TraceRow {
  const merged = overlayCarried(earlier, later);
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

export const traceRowKind: RowKind<TraceRow, EntityManager> = {
  name: 'traces',
  order: 10,
  key: (row) => row.id,
  merge: mergeTraceRows,
  write: (tx, projectId, rows) => runMergeUpsert(tx, TRACE_UPSERT, projectId, rows),
};
