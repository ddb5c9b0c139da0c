import type { EntityManager } from 'typeorm';
import type { RowKind } from '../ingest/ingest-writer.js';
import { buildMergeUpsert, carried, overlayCarried, runMergeUpsert } from './merge-upsert.js';
import { ensureTraces, placeholdersFor } from './placeholder-traces.js';
import type { ObservationRow } from './trace-rows.js';

const FIELD_TYPES: Record<string, string> = {
  id: 'text',
  traceId: 'text',
  environment: 'text',
  type: 'text',
  name: 'text',
  startTime: 'timestamptz',
  endTime: 'timestamptz',
  completionStartTime: 'timestamptz',
  model: 'text',
  modelParameters: 'jsonb',
  input: 'jsonb',
  output: 'jsonb',
  usage: 'jsonb',
  usageDetails: 'jsonb',
  costDetails: 'jsonb',
  level: 'text',
  statusMessage: 'text',
  parentObservationId: 'text',
  promptId: 'text',
  promptName: 'text',
  promptVersion: 'text',
  modelId: 'text',
  inputPrice: 'float8',
  outputPrice: 'float8',
  totalPrice: 'float8',
  calculatedInputCost: 'float8',
  calculatedOutputCost: 'float8',
  calculatedTotalCost: 'float8',
  costSource: 'text',
  latency: 'float8',
  timeToFirstToken: 'float8',
  promptTokens: 'bigint',
  completionTokens: 'bigint',
  totalTokens: 'bigint',
  unit: 'text',
  metadata: 'jsonb',
  version: 'text',
};

const INSERT_DEFAULTS: Record<string, string> = { environment: `'default'`, type: `'GENERATION'` };

export const OBSERVATION_UPSERT = buildMergeUpsert({
  table: 'observations',
  fields: FIELD_TYPES,
  columns: Object.keys(FIELD_TYPES)
    .filter((field) => field !== 'id')
    .map((field) => carried(field, INSERT_DEFAULTS[field])),
});

export const observationRowKind: RowKind<ObservationRow, EntityManager> = {
  name: 'observations',
  order: 20,
  key: (row) => row.id,
  merge: overlayCarried,
  // The placeholder trace its write ensures.
  touches: { kind: 'traces', key: (row) => row.traceId },
  write: async (tx, projectId, rows) => {
    const traces = placeholdersFor(
      rows.map((row) => ({ traceId: row.traceId, environment: row.environment, timestamp: row.startTime })),
    );
    await ensureTraces(tx, projectId, traces);
    await runMergeUpsert(tx, OBSERVATION_UPSERT, projectId, rows);
  },
};
