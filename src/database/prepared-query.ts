import { createHash } from 'node:crypto';
import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';

/** Statement names by SQL text: a name stands for one text on every connection. */
const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `xtrace_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs `text` as a named prepared statement on the transaction's connection, so PostgreSQL
 * parses it once per connection. It is still planned for each run's parameters: the
 * connections use `plan_cache_mode=force_custom_plan` (see typeorm-options.ts). Without a
 * query runner (a plain manager, unit tests) it is an ordinary query.
 */
export async function preparedQuery<T>(tx: Pick<EntityManager, 'query'>, text: string, params: unknown[]): Promise<T[]> {
  const runner = (tx as Partial<Pick<EntityManager, 'queryRunner'>>).queryRunner;
  if (!runner) return (await tx.query(text, params)) as T[];
  const client = (await runner.connect()) as PoolClient;
  const { rows } = await client.query({ name: nameOf(text), text, values: params });
  return rows as T[];
}
