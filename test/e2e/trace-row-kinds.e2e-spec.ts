import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { scoreRowKind } from '../../src/traces/score-row-kind.js';
import { TRACE_UPSERT, traceRowKind } from '../../src/traces/trace-row-kind.js';
import { runMergeUpsert } from '../../src/traces/merge-upsert.js';
import { testDatabaseUrl } from '../setup/create-test-app.js';

/**
 * The row kinds against the real schema, for what the native door cannot send:
 * Langfuse-style keep-earliest timestamps, scores, and two writers racing on a new id.
 */
describe('trace row kinds on PostgreSQL', () => {
  let pool: pg.Pool;
  const projectId = `kinds-${randomUUID()}`;
  beforeAll(() => {
    pool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 4 });
  });
  afterAll(() => pool?.end());

  /** A row kind's `tx`: the pg client's rows, as EntityManager.query returns them. */
  const txOf = (client: pg.PoolClient | pg.Pool) => ({
    query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows,
  });
  const trace = async (id: string) =>
    (await pool.query(`SELECT * FROM traces WHERE project_id = $1 AND id = $2`, [projectId, id])).rows[0];

  it('keeps the earliest timestamp across keep-earliest trace writes, but replaces a placeholder', async () => {
    const id = randomUUID();
    const tx = txOf(pool);
    const write = (timestamp: string, extra = {}) =>
      traceRowKind.write(tx as never, projectId, [{ id, timestamp: new Date(timestamp), keepEarliestTimestamp: true, ...extra }]);

    // a placeholder from a score, then a keep-earliest trace write that is later: the trace's own timestamp wins
    await scoreRowKind.write(tx as never, projectId, [{ id: randomUUID(), traceId: id, name: 'early', timestamp: new Date('2026-07-01T00:00:00Z') }]);
    expect(await trace(id)).toMatchObject({ timestamp: new Date('2026-07-01T00:00:00Z'), timestamp_explicit: false });
    await write('2026-07-01T00:00:05Z', { name: 'first' });
    expect(await trace(id)).toMatchObject({ timestamp: new Date('2026-07-01T00:00:05Z'), timestamp_explicit: true, name: 'first' });

    // later keep-earliest writes keep it; earlier ones move it
    await write('2026-07-01T00:00:09Z', { name: 'second' });
    expect(await trace(id)).toMatchObject({ timestamp: new Date('2026-07-01T00:00:05Z'), name: 'second' });
    await write('2026-07-01T00:00:02Z');
    expect(await trace(id)).toMatchObject({ timestamp: new Date('2026-07-01T00:00:02Z'), name: 'second' });

    // a plain write sets it, later or not
    await traceRowKind.write(tx as never, projectId, [{ id, timestamp: new Date('2026-07-02T00:00:00Z') }]);
    expect((await trace(id)).timestamp).toEqual(new Date('2026-07-02T00:00:00Z'));
  });

  it('writes scores with defaults, merges partial updates, and creates their placeholder traces', async () => {
    const traceId = randomUUID();
    const scoreId = randomUUID();
    const tx = txOf(pool);
    await scoreRowKind.write(tx as never, projectId, [
      { id: scoreId, traceId, name: 'quality', value: 0.5, comment: 'first', environment: 'prod', timestamp: new Date('2026-07-03T00:00:00Z') },
    ]);
    await scoreRowKind.write(tx as never, projectId, [{ id: scoreId, traceId, name: 'quality', value: 0.75 }]);
    const [score] = (await pool.query(`SELECT * FROM scores WHERE project_id = $1 AND id = $2`, [projectId, scoreId])).rows;
    expect(score).toMatchObject({
      trace_id: traceId,
      name: 'quality',
      value: 0.75,
      comment: 'first',
      data_type: 'NUMERIC',
      source: 'API',
      environment: 'prod',
      timestamp: new Date('2026-07-03T00:00:00Z'),
    });
    expect(await trace(traceId)).toMatchObject({ environment: 'prod', timestamp: new Date('2026-07-03T00:00:00Z') });
  });

  it('merges, not overwrites, when another writer inserts the same new id first', async () => {
    const id = randomUUID();
    const first = await pool.connect();
    const second = await pool.connect();
    try {
      await first.query('BEGIN');
      await runMergeUpsert(txOf(first) as never, TRACE_UPSERT, projectId, [{ id, name: 'from first', tags: ['a'] }]);

      // the second writer does not see the uncommitted row: its insert waits on it, then skips it
      await second.query('BEGIN');
      let statements = 0;
      const secondTx = {
        query: (sql: string, params?: unknown[]) => (statements++, txOf(second).query(sql, params)),
      };
      const racing = runMergeUpsert(secondTx as never, TRACE_UPSERT, projectId, [{ id, userId: 'from second' }]);
      await new Promise((done) => setTimeout(done, 200));
      await first.query('COMMIT');
      await racing;
      await second.query('COMMIT');
      // the first run skipped the row, the second merged into it
      expect(statements).toBe(2);
    } finally {
      first.release();
      second.release();
    }
    expect(await trace(id)).toMatchObject({ name: 'from first', user_id: 'from second', tags: ['a'] });
  });
});
