import type { EntityManager } from 'typeorm';
import type { RowKind } from '../ingest/ingest-writer.js';
import { buildMergeUpsert, carried, overlayCarried, runMergeUpsert } from './merge-upsert.js';
import { ensureTraces, placeholdersFor } from './placeholder-traces.js';
import type { ScoreRow } from './trace-rows.js';

const FIELD_TYPES: Record<string, string> = {
  id: 'text',
  traceId: 'text',
  observationId: 'text',
  sessionId: 'text',
  datasetRunId: 'text',
  name: 'text',
  value: 'float8',
  stringValue: 'text',
  dataType: 'text',
  source: 'text',
  comment: 'text',
  metadata: 'jsonb',
  configId: 'text',
  queueId: 'text',
  authorUserId: 'text',
  environment: 'text',
  timestamp: 'timestamptz',
};

const INSERT_DEFAULTS: Record<string, string> = {
  dataType: `'NUMERIC'`,
  source: `'API'`,
  environment: `'default'`,
  timestamp: 'now()',
};

export const SCORE_UPSERT = buildMergeUpsert({
  table: 'scores',
  fields: FIELD_TYPES,
  columns: Object.keys(FIELD_TYPES)
    .filter((field) => field !== 'id')
    .map((field) => carried(field, INSERT_DEFAULTS[field])),
});

export const scoreRowKind: RowKind<ScoreRow, EntityManager> = {
  name: 'scores',
  order: 30,
  key: (row) => row.id,
  merge: overlayCarried,
  // The placeholder trace its write ensures.
  touches: { kind: 'traces', key: (row) => row.traceId },
  write: async (tx, projectId, rows) => {
    const traces = placeholdersFor(
      rows.map((row) => ({ traceId: row.traceId, environment: row.environment, timestamp: row.timestamp })),
    );
    await ensureTraces(tx, projectId, traces);
    await runMergeUpsert(tx, SCORE_UPSERT, projectId, rows);
  },
};
