import pg from 'pg';
import type { EntityManager } from 'typeorm';
import { SELECT_STORED_COSTS } from '../../src/models/observation-costs.query.js';
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

  // A table not analysed yet had two plans that read the project's whole range for every
  // flush (26 ms a statement at 80k observations): PostgreSQL 18 skip-scanned the trace index
  // on its last key column for `id = ANY(…)`, and a constant id array made the project look
  // small enough to read and filter.
  it("looks a flush's observations up by primary key in a table that was never analysed", async () => {
    const plans = await database().transaction(async (manager) => {
      await manager.query(
        `INSERT INTO observations (project_id, id, trace_id, name, start_time)
         SELECT 'p', 'grown-' || n, 'trace-grown-' || (n / 10), 'step', now() - n * interval '1 ms'
         FROM generate_series(1, 80000) AS n`,
      );
      const batch = rows('flush', 500);
      const explain = async (sql: string, parameters: unknown[]) =>
        ((await manager.query(`EXPLAIN ${sql}`, parameters)) as { 'QUERY PLAN': string }[])
          .map((line) => line['QUERY PLAN'].replace(/'\{[^}]*\}'/g, "'{…}'"))
          .join('\n');
      return [
        await explain(OBSERVATION_UPSERT, ['p', JSON.stringify(batch)]),
        await explain(SELECT_STORED_COSTS, ['p', batch.map((row) => row.id)]),
      ];
    });
    for (const plan of plans) {
      expect(plan).toMatch(/observations_pkey on observations\b/);
      expect(plan).not.toContain('observations_project_trace_idx');
    }
  });

  // PostgreSQL 15 keeps the plan the first write made (the traces of the project, filtered by
  // id); PostgreSQL 18 happened to plan this case afresh on its own.
  it("plans the usage rollup triggers' statements for the tables as they are, not as they were when empty", async () => {
    const { url } = database().options as { url: string };
    const [writer, grower] = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
    const notices: string[] = [];
    writer.on('notice', (notice) => notices.push(notice.message ?? ''));
    await Promise.all([writer.connect(), grower.connect()]);
    try {
      // No ANALYZE during the test: it would make PostgreSQL plan afresh anyway.
      for (const table of ['traces', 'observations']) await grower.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
      /** `count` traces with ten generations each, in one statement as the ingest writer writes them. */
      const write = (prefix: string, count: number) =>
        writer.query(
          `WITH trace AS (INSERT INTO traces (project_id, id, timestamp) SELECT 'p', $1 || k, now() FROM generate_series(1, $2::int) AS k)
           INSERT INTO observations (project_id, id, trace_id, type, model)
           SELECT 'p', $1 || k || '-' || n, $1 || k, 'GENERATION', 'm' || (n % 2)
           FROM generate_series(1, $2::int) AS k, generate_series(1, 10) AS n`,
          [prefix, count],
        );
      // The writer's first write goes into empty tables; then another session fills them.
      await write('first-', 2000);
      await grower.query(
        `INSERT INTO traces (project_id, id, timestamp) SELECT 'p', 'bulk-' || n, now() FROM generate_series(1, 50000) AS n`,
      );
      await writer.query(`LOAD 'auto_explain'`);
      for (const setting of ['log_min_duration = 0', 'log_nested_statements = on', 'log_level = notice']) {
        await writer.query(`SET auto_explain.${setting}`);
      }
      await write('late-', 2000);
    } finally {
      await Promise.all([writer.end(), grower.end()]);
    }
    const triggerPlans = notices.filter((notice) => notice.includes('INSERT INTO usage_rollup')).join('\n');
    expect(triggerPlans).toContain('inserted_observations');
    // The statement's traces are looked up by their ids, not found among the project's traces by a filter.
    expect(triggerPlans).toMatch(/Index Cond: .*\(id = ANY/);
    expect(triggerPlans).not.toMatch(/Filter: \(id = ANY/);
    expect(triggerPlans).not.toMatch(/Seq Scan on (traces|observations)\b/);
  });
});
