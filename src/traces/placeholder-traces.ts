import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query.js';

/** A trace that observations or scores point at; created if missing. */
export interface PlaceholderTrace {
  id: string;
  environment?: string;
  /** Earliest start among the rows pointing at it; unset means now. */
  timestamp?: Date;
}

/**
 * Creates the missing traces of a batch as placeholders (`timestamp_explicit` false). An
 * existing placeholder moves to an earlier timestamp; a timestamp set by a trace write
 * is left alone.
 */
const PLACEHOLDER_UPSERT = `INSERT INTO traces AS t ("project_id", "id", "environment", "timestamp", "timestamp_explicit")
SELECT $1, r."id", COALESCE(r."environment", 'default'), COALESCE(r."timestamp", now()), false
FROM jsonb_to_recordset($2::jsonb) AS r("id" text, "environment" text, "timestamp" timestamptz)
ON CONFLICT (project_id, id) DO UPDATE SET "timestamp" = EXCLUDED."timestamp"
WHERE NOT t.timestamp_explicit AND EXCLUDED."timestamp" < t."timestamp"`;

/** One placeholder per trace id: the earliest timestamp, the first environment given; sorted by id. */
export function placeholdersFor(
  rows: readonly { traceId?: string; environment?: string; timestamp?: Date }[],
): PlaceholderTrace[] {
  const byId = new Map<string, PlaceholderTrace>();
  for (const row of rows) {
    if (!row.traceId) continue;
    const placeholder = byId.get(row.traceId) ?? { id: row.traceId };
    if (placeholder.environment === undefined && row.environment) placeholder.environment = row.environment;
    if (row.timestamp && (!placeholder.timestamp || row.timestamp < placeholder.timestamp)) {
      placeholder.timestamp = row.timestamp;
    }
    byId.set(row.traceId, placeholder);
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export async function ensureTraces(
  tx: Pick<EntityManager, 'query'>,
  projectId: string,
  placeholders: PlaceholderTrace[],
): Promise<void> {
  if (placeholders.length > 0) await preparedQuery(tx, PLACEHOLDER_UPSERT, [projectId, JSON.stringify(placeholders)]);
}
