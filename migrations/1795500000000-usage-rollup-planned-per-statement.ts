import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FILL_FUNCTION_SQL } from './1795400000000-daily-usage.js';

/** The usage rollup's trigger functions and the transition tables each reads. */
const TRIGGER_FUNCTIONS: [name: string, transitionTables: string[]][] = [
  ['usage_rollup_traces_inserted', ['inserted_traces']],
  ['usage_rollup_traces_deleted', ['deleted_traces']],
  ['usage_rollup_traces_updated', ['old_traces', 'new_traces']],
  ['usage_rollup_observations_inserted', ['inserted_observations']],
  ['usage_rollup_observations_deleted', ['deleted_observations']],
  ['usage_rollup_observations_updated', ['old_observations', 'new_observations']],
];

/** The loop over the rollup's append statement, as DailyUsage1795400000000 wrote it. */
const CACHED_LOOP = /FOR project, hours IN\n([\s\S]*?)\n\s*LOOP/;
const PLANNED_LOOP = /IF NOT EXISTS \(SELECT FROM \w+\)(?: AND NOT EXISTS \(SELECT FROM \w+\))? THEN RETURN NULL; END IF;\n\s*FOR project, hours IN EXECUTE \$usage\$([\s\S]*?)\$usage\$ LOOP/;

/**
 * The usage rollup's triggers plan their statement every time they run (EXECUTE), with the
 * sizes of the transition table and of traces and observations at that moment, and skip an
 * empty transition table (an upsert fires both its INSERT and UPDATE triggers).
 *
 * PL/pgSQL keeps the plan of a statement without parameters for the whole session, until
 * the tables are analysed again. A plan made while traces was small read all the project's
 * traces for each statement, matching each one's id against the statement's trace ids one by
 * one: measured on a bulk load of 1M traces into PostgreSQL 15 with autovacuum off, 5,000
 * traces / 52,000 observations a COPY, the observations' trigger took ~30 s a statement at
 * 300k traces, and the COPY ~4 s in all once planned afresh.
 *
 * It also replaces the fill (`usage_rollup_fill`, run after a TRUNCATE) with the one-pass
 * version DailyUsage1795400000000 now creates; `down` keeps it, as both compute the same rows.
 */
export class UsageRollupPlannedPerStatement1795500000000 implements MigrationInterface {
  name = 'UsageRollupPlannedPerStatement1795500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The fill in one pass over observations (see DailyUsage1795400000000; its first version
    // looked the observations of each trace up one trace at a time).
    await queryRunner.query(`CREATE OR REPLACE ${FILL_FUNCTION_SQL}`);
    for (const [name, tables] of TRIGGER_FUNCTIONS) {
      await rewriteBody(queryRunner, name, (body) => {
        const [loop, statement] = requireMatch(body, CACHED_LOOP, name);
        const empty = tables.map((table) => `NOT EXISTS (SELECT FROM ${table})`).join(' AND ');
        return body.replace(
          loop,
          `IF ${empty} THEN RETURN NULL; END IF;\n  FOR project, hours IN EXECUTE $usage$${statement}$usage$ LOOP`,
        );
      });
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [name] of TRIGGER_FUNCTIONS) {
      await rewriteBody(queryRunner, name, (body) => {
        const [loop, statement] = requireMatch(body, PLANNED_LOOP, name);
        return body.replace(loop, `FOR project, hours IN\n${statement}\n  LOOP`);
      });
    }
  }
}

/** Replaces the body of trigger function `name`, which keeps running without JIT (see DailyUsage1795400000000). */
async function rewriteBody(queryRunner: QueryRunner, name: string, rewrite: (body: string) => string): Promise<void> {
  const [{ body }] = (await queryRunner.query(`SELECT prosrc AS body FROM pg_proc WHERE oid = $1::regproc`, [name])) as {
    body: string;
  }[];
  await queryRunner.query(
    `CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql SET jit = off AS $body$${rewrite(body)}$body$`,
  );
}

function requireMatch(body: string, pattern: RegExp, name: string): RegExpMatchArray {
  const match = body.match(pattern);
  if (!match) throw new Error(`${name}: the function body is not the one this migration rewrites`);
  return match;
}
