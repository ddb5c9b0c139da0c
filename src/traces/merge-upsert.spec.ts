import { buildMergeUpsert, carried, columnOf, overlayCarried, runMergeUpsert } from './merge-upsert.js';

describe('merge upsert', () => {
  it('maps camelCase fields to snake_case columns', () => {
    expect(columnOf('calculatedTotalCost')).toBe('calculated_total_cost');
    expect(columnOf('id')).toBe('id');
  });

  it('merges a carried field and defaults it on insert', () => {
    expect(carried('userId')).toEqual({
      column: 'user_id',
      insert: 'r."userId"',
      update: 'COALESCE(r."userId", t."user_id")',
    });
    expect(carried('type', `'GENERATION'`).insert).toBe(`COALESCE(r."type", 'GENERATION')`);
  });

  it('builds one statement: update existing rows, insert the rest, count both', () => {
    const sql = buildMergeUpsert({ table: 'things', fields: { id: 'text', size: 'bigint' }, columns: [carried('size')] });
    expect(sql).toContain('AS r("id" text, "size" bigint)');
    expect(sql).toContain('UPDATE things AS t SET\n      "size" = COALESCE(r."size", t."size"),\n      "updated_at" = now()');
    // stored rows are found by index on the batch's ids, never by hashing the whole project
    expect(sql).toContain('WHERE t.project_id = $1 AND t.id = r."id" AND t.id = ANY(ARRAY(SELECT b."id" FROM batch AS b))');
    expect(sql).toContain('INSERT INTO things ("project_id", "id", "size")');
    expect(sql).toContain('WHERE NOT EXISTS (SELECT 1 FROM updated AS u WHERE u.id = r."id")');
    expect(sql).toContain('ON CONFLICT (project_id, id) DO NOTHING');
    expect(sql).toContain('AS written');
  });

  it('overlays only carried values', () => {
    expect(overlayCarried<Record<string, unknown>>({ a: 1, b: 2, c: 3 }, { a: undefined, b: null, c: 4, d: 0 })).toEqual({
      a: 1,
      b: 2,
      c: 4,
      d: 0,
    });
  });

  it('sends the whole batch as one JSON parameter', async () => {
    const calls: unknown[][] = [];
    const tx = { query: async (_sql: string, params: unknown[]) => (calls.push(params), [{ written: 2 }]) };
    await runMergeUpsert(tx as never, 'SQL', 'p', [{ id: 'a' }, { id: 'b', at: new Date('2026-01-01T00:00:00Z') }]);
    expect(calls).toEqual([['p', '[{"id":"a"},{"id":"b","at":"2026-01-01T00:00:00.000Z"}]']]);
  });

  it('runs again when a concurrent insert made rows skip, and gives up after three attempts', async () => {
    const written = [1, 2];
    let calls = 0;
    const tx = { query: async () => [{ written: written[calls++] }] };
    await runMergeUpsert(tx as never, 'SQL', 'p', [{ id: 'a' }, { id: 'b' }]);
    expect(calls).toBe(2);

    const stuck = { query: async () => [{ written: 0 }] };
    await expect(runMergeUpsert(stuck as never, 'SQL', 'p', [{ id: 'a' }])).rejects.toThrow(/after 3 attempts/);
  });
});
