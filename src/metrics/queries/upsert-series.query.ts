export interface SeriesToUpsert {
  name: string;
  /** Canonical label JSON (see `canonicalLabels`). */
  labelsJson: string;
}

/**
 * Inserts unknown series and returns the ids of all given ones in one statement.
 * `DO UPDATE` (a no-op assignment) rather than `DO NOTHING` so that series another
 * writer created a moment ago are returned too. Callers pass each series once, sorted,
 * so concurrent writers lock series rows in one order.
 */
export function upsertSeriesQuery(input: { projectId: string; environment: string; series: SeriesToUpsert[] }) {
  return {
    sql: `
INSERT INTO metric_series AS s (project_id, environment, name, labels)
SELECT $1, $2, given.name, given.labels
FROM unnest($3::text[], $4::jsonb[]) AS given(name, labels)
ON CONFLICT (project_id, environment, name, labels) DO UPDATE SET name = EXCLUDED.name
RETURNING s.id, s.name, s.labels`,
    params: [
      input.projectId,
      input.environment,
      input.series.map((series) => series.name),
      input.series.map((series) => series.labelsJson),
    ],
  };
}
