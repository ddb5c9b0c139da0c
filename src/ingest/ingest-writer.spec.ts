import { AppError, ErrorCode } from '../common/errors/app-error.js';
import { IngestWriter, mergeRows, overlayDefined, type RowKind } from './ingest-writer.js';

interface Row {
  id: string;
  a?: number;
  b?: number;
}

/** A fake transaction log standing in for PostgreSQL: commits append, failures roll back. */
function fakeDatabase(failWhen: (rows: Row[]) => boolean = () => false) {
  const committed: Row[][] = [];
  let transactions = 0;
  const kind: RowKind<Row, Row[]> = {
    name: 'rows',
    order: 0,
    key: (row) => row.id,
    merge: overlayDefined,
    write: async (tx, _projectId, rows) => {
      tx.push(...rows);
    },
  };
  const runner = async (work: (tx: Row[]) => Promise<void>) => {
    transactions++;
    const tx: Row[] = [];
    await work(tx);
    if (failWhen(tx)) throw Object.assign(new Error('invalid input'), { code: '22P02' });
    committed.push(tx);
  };
  return { kind, runner, committed, transactions: () => transactions };
}

const options = { flushMs: 5, batchRows: 1000, queueMaxRows: 10_000, queueMaxBytes: 1_000_000 };

describe('IngestWriter', () => {
  it('commits concurrent requests together in one transaction and merges shared ids in arrival order', async () => {
    const db = fakeDatabase();
    const writer = new IngestWriter([db.kind], db.runner, options);
    await Promise.all([
      writer.submit({ projectId: 'p', rows: { rows: [{ id: 'x', a: 1, b: 1 }] }, bytes: 10 }),
      writer.submit({ projectId: 'p', rows: { rows: [{ id: 'x', a: 2 }, { id: 'y', a: 3 }] }, bytes: 10 }),
    ]);
    expect(db.transactions()).toBe(1);
    expect(db.committed).toEqual([[{ id: 'x', a: 2, b: 1 }, { id: 'y', a: 3 }]]);
  });

  it('fails only the request that owns a bad row', async () => {
    const db = fakeDatabase((rows) => rows.some((row) => row.a === -1));
    const writer = new IngestWriter([db.kind], db.runner, options);
    const results = await Promise.allSettled(
      [1, 2, -1, 4, 5].map((a) => writer.submit({ projectId: 'p', rows: { rows: [{ id: `r${a}`, a }] }, bytes: 1 })),
    );
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    const failure = (results[2] as PromiseRejectedResult).reason as AppError;
    expect(failure).toBeInstanceOf(AppError);
    expect(failure.code).toBe(ErrorCode.BadRequest);
    expect(db.committed.flat().map((row) => row.a).sort()).toEqual([1, 2, 4, 5]);
  });

  it('answers 503 with Retry-After when the queue is full, and still takes the first request', async () => {
    const db = fakeDatabase();
    const writer = new IngestWriter([db.kind], db.runner, { ...options, flushMs: 50, queueMaxRows: 2 });
    const first = writer.submit({ projectId: 'p', rows: { rows: [{ id: 'a' }, { id: 'b' }, { id: 'c' }] }, bytes: 1 });
    let rejection: unknown;
    try {
      await writer.submit({ projectId: 'p', rows: { rows: [{ id: 'd' }] }, bytes: 1 });
    } catch (error) {
      rejection = error;
    }
    expect(rejection).toBeInstanceOf(AppError);
    expect((rejection as AppError).status).toBe(503);
    expect((rejection as AppError).options.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    await first;
    expect(db.committed.flat()).toHaveLength(3);
  });

  it('drain writes everything queued and refuses new work', async () => {
    const db = fakeDatabase();
    const writer = new IngestWriter([db.kind], db.runner, { ...options, flushMs: 10_000 });
    const pending = writer.submit({ projectId: 'p', rows: { rows: [{ id: 'a' }] }, bytes: 1 });
    await writer.drain();
    await pending;
    expect(db.committed.flat()).toEqual([{ id: 'a' }]);
    expect(() => writer.submit({ projectId: 'p', rows: { rows: [{ id: 'b' }] }, bytes: 1 })).toThrow(AppError);
  });

  it('splits a backlog into transactions of at most batchRows', async () => {
    const db = fakeDatabase();
    const writer = new IngestWriter([db.kind], db.runner, { ...options, batchRows: 2 });
    await Promise.all(
      [1, 2, 3, 4, 5].map((a) => writer.submit({ projectId: 'p', rows: { rows: [{ id: `r${a}` }] }, bytes: 1 })),
    );
    expect(db.committed.map((tx) => tx.length)).toEqual([2, 2, 1]);
  });
});

describe('mergeRows', () => {
  it('keeps rows without a key as they are', () => {
    const rows = [{ id: 'a' }, { id: 'a' }];
    expect(mergeRows({}, rows)).toBe(rows);
  });
});
