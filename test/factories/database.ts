import pg from 'pg';

/** A small pool on the test database for direct SQL assertions (and the odd fixture row). */
export function testPool(databaseUrl: string): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max: 2 });
}

/** Rows of `sql` as plain objects. */
export async function rows<T = Record<string, unknown>>(pool: pg.Pool, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await pool.query(sql, params)).rows as T[];
}
