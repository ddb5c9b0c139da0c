import type { EntityManager } from 'typeorm';
import { runMergeUpsert } from '../../src/traces/merge-upsert.js';
import { OBSERVATION_UPSERT } from '../../src/traces/observation-row-kind.js';
import { ownDatabase } from '../setup/own-database.js';

/**
 * The ingest statements run as named prepared statements. A plan cached while the table was
 * empty (a new install) must not outlive the table's growth: with PostgreSQL's default plan
 * cache, the merge upsert's generic plan read every row of the project for each batch.
 */
describe('prepared ingest statements on a growing table', () => {
  const database = ownDatabase('plans_test');

  const rows = (prefix: string, count: number) =>
    Array.from({ length: count }, (_, index) => ({ id: `${prefix}-${index}`, traceId: `trace-${prefix}`, name: 'step' }));

  /** The merge upsert as prepared on the connection: its name and how often each kind of plan ran. */
  const prepared = async (manager: EntityManager) =>
    ((await manager.query(
      `SELECT name, generic_plans::int AS generic, custom_plans::int AS custom
       FROM pg_prepared_statements WHERE statement LIKE '%UPDATE observations AS t%'`,
    )) as { name: string; generic: number; custom: number }[])[0];

  it('plans every run for the table as it is, so a plan made while it was empty is not kept', async () => {
    const { plan, runs } = await database().transaction(async (manager) => {
      // More runs than the five after which PostgreSQL would consider a generic plan.
      for (let run = 0; run < 8; run++) await runMergeUpsert(manager, OBSERVATION_UPSERT, 'p', rows(`early${run}`, 5));
      await manager.query(
        `INSERT INTO observations (project_id, id, trace_id, name)
         SELECT 'p', 'bulk-' || n, 'trace-bulk-' || (n / 10), 'step' FROM generate_series(1, 50000) AS n`,
      );
      const statement = await prepared(manager);
      const json = JSON.stringify(rows('late', 5)).replace(/'/g, "''");
      const lines = (await manager.query(`EXPLAIN EXECUTE ${statement.name}('p', '${json}')`)) as { 'QUERY PLAN': string }[];
      return { plan: lines.map((line) => line['QUERY PLAN']).join('\n'), runs: statement };
    });
    expect(runs).toMatchObject({ generic: 0, custom: 8 });
    // Planned for this run's values (a generic plan shows $1), with the batch's ids as index condition.
    expect(plan).toMatch(/Index Cond: \(\(project_id = 'p'::text\) AND \(id = ANY/);
  });
});
