import type pg from 'pg';

/** The advisory lock `metric_rollups_fold()` try-takes: holding it keeps every fold away. */
export const FOLD_LOCK_SQL = `SELECT pg_advisory_lock(hashtext('metric_rollups_fold'))`;
export const FOLD_UNLOCK_SQL = `SELECT pg_advisory_unlock(hashtext('metric_rollups_fold'))`;

/** Rollup deltas of the project's series (of one metric, when named) not folded yet. */
export async function pendingDeltas(db: pg.Client, projectId: string, name?: string): Promise<number> {
  const { rows } = await db.query(
    `SELECT count(*)::int AS n FROM metric_rollup_deltas d JOIN metric_series s ON s.id = d.series_id
     WHERE s.project_id = $1 AND ($2::text IS NULL OR s.name = $2)`,
    [projectId, name ?? null],
  );
  return rows[0].n;
}

/**
 * Folds the project's rollup deltas into the rollups, retrying while another fold holds the
 * lock (the server's own, or another test file's deliberate hold) for up to `waitMs`.
 */
export async function foldRollupDeltas(db: pg.Client, projectId: string, waitMs = 45_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (Date.now() < deadline) {
    await db.query('SELECT metric_rollups_fold()');
    if ((await pendingDeltas(db, projectId)) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('metric rollup deltas were not folded');
}
