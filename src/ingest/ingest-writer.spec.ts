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

const options = {
  flushMs: 5,
  batchRows: 1000,
  maxFlushes: 1,
  parallelFlushRows: 1,
  queueMaxRows: 10_000,
  queueMaxBytes: 1_000_000,
};

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

interface Span {
  id: string;
  traceId: string;
  a?: number;
}

/**
 * A fake database whose transactions stay open until the test commits them, to look at
 * the flushes running at once. Rows land in `log` (per row: transaction number and row) only
 * on commit; a transaction holding a row with `a: -1` fails like a rejected value.
 */
function gatedDatabase() {
  const log: { transaction: number; row: Row | Span }[] = [];
  const open: { number: number; rows: (Row | Span)[]; commit: () => void; fail: (error: unknown) => void }[] = [];
  let transactions = 0;
  const write = async (tx: (Row | Span)[], _projectId: string, rows: (Row | Span)[]) => {
    tx.push(...rows);
  };
  const traces: RowKind<Row, (Row | Span)[]> = { name: 'traces', order: 0, key: (row) => row.id, merge: overlayDefined, write };
  const spans: RowKind<Span, (Row | Span)[]> = {
    name: 'spans',
    order: 1,
    key: (row) => row.id,
    merge: overlayDefined,
    touches: { kind: 'traces', key: (row) => row.traceId },
    write,
  };
  const runner = async (work: (tx: (Row | Span)[]) => Promise<void>) => {
    const number = ++transactions;
    const tx: (Row | Span)[] = [];
    await work(tx);
    await new Promise<void>((commit, fail) => open.push({ number, rows: tx, commit, fail }));
    if (tx.some((row) => row.a === -1)) throw Object.assign(new Error('invalid input'), { code: '22P02' });
    for (const row of tx) log.push({ transaction: number, row });
  };
  /** Commits the open transaction that holds row `id` (the oldest such), after letting the writer catch up. */
  const commit = async (id: string) => {
    await settle();
    const index = open.findIndex((transaction) => transaction.rows.some((row) => row.id === id));
    if (index < 0) throw new Error(`no open transaction holds ${id}`);
    open.splice(index, 1)[0].commit();
    await settle();
  };
  const openIds = async () => {
    await settle();
    return open.map((transaction) => transaction.rows.map((row) => row.id).sort());
  };
  return { traces, spans, runner, log, open, commit, openIds };
}

/** Lets pending promise callbacks and zero-delay timers run. */
const settle = () => new Promise((done) => setTimeout(done, 0));

const concurrent = { ...options, flushMs: 0, maxFlushes: 3 };

function trace(writer: IngestWriter<unknown>, ...rows: Row[]) {
  return writer.submit({ projectId: 'p', rows: { traces: rows }, bytes: 1 });
}

describe('IngestWriter with several flushes in flight', () => {
  it('writes a lone request at once, without waiting for more (flushMs 0)', async () => {
    const db = gatedDatabase();
    const writer = new IngestWriter<unknown>([db.traces, db.spans], db.runner, { ...concurrent, maxFlushes: 1 });
    const done = trace(writer, { id: 'a' });
    expect(await db.openIds()).toEqual([['a']]);
    // requests arriving while the only slot is busy gather for the next flush
    const later = [trace(writer, { id: 'b' }), trace(writer, { id: 'c' })];
    expect(await db.openIds()).toEqual([['a']]);
    await db.commit('a');
    expect(await db.openIds()).toEqual([['b', 'c']]);
    await db.commit('b');
    await Promise.all([done, ...later]);
  });

  it('runs up to maxFlushes transactions of disjoint requests at once', async () => {
    const db = gatedDatabase();
    const writer = new IngestWriter<unknown>([db.traces, db.spans], db.runner, concurrent);
    const requests = ['a', 'b', 'c', 'd', 'e'].map((id) => trace(writer, { id }));
    expect(await db.openIds()).toEqual([['a'], ['b'], ['c']]);
    expect(writer.runningFlushes).toBe(3);
    await db.commit('b');
    expect(await db.openIds()).toEqual([['a'], ['c'], ['d', 'e']]);
    await db.commit('a');
    await db.commit('c');
    await db.commit('d');
    await Promise.all(requests);
    expect(writer.runningFlushes).toBe(0);
  });

  it('starts a flush beside a running one only once parallelFlushRows rows wait; fewer go when it ends', async () => {
    const db = gatedDatabase();
    const writer = new IngestWriter<unknown>([db.traces, db.spans], db.runner, {
      ...concurrent,
      parallelFlushRows: 3,
      parallelFlushWaitMs: 60_000,
    });
    const first = trace(writer, { id: 'a' });
    const small = [trace(writer, { id: 'b' }), trace(writer, { id: 'c' })];
    expect(await db.openIds()).toEqual([['a']]);
    const third = trace(writer, { id: 'd' });
    expect(await db.openIds()).toEqual([['a'], ['b', 'c', 'd']]);
    const late = trace(writer, { id: 'e' });
    await db.commit('a');
    await first;
    // one row waits while b, c and d are written
    expect(await db.openIds()).toEqual([['b', 'c', 'd']]);
    expect(writer.pendingRows).toBe(1);
    await db.commit('b');
    await Promise.all([...small, third]);
    expect(await db.openIds()).toEqual([['e']]);
    await db.commit('e');
    await late;
  });

  it('starts a flush for fewer rows beside a running one once they waited parallelFlushWaitMs', async () => {
    const db = gatedDatabase();
    const writer = new IngestWriter<unknown>([db.traces, db.spans], db.runner, {
      ...concurrent,
      parallelFlushRows: 100,
      parallelFlushWaitMs: 30,
    });
    const long = trace(writer, { id: 'big' });
    const queuedAt = Date.now();
    const small = trace(writer, { id: 's' });
    expect(await db.openIds()).toEqual([['big']]);
    while (db.open.length < 2) await new Promise((done) => setTimeout(done, 5));
    expect(Date.now() - queuedAt).toBeGreaterThanOrEqual(29);
    expect(await db.openIds()).toEqual([['big'], ['s']]);
    await db.commit('s');
    await db.commit('big');
    await Promise.all([long, small]);
  });

  it('holds back a request sharing a key with a running flush until it commits, and lets others pass', async () => {
    const db = gatedDatabase();
    const writer = new IngestWriter<unknown>([db.traces, db.spans], db.runner, concurrent);
    const first = trace(writer, { id: 'x', a: 1, b: 1 });
    await settle();
    const second = trace(writer, { id: 'x', a: 2 });
    const other = trace(writer, { id: 'y', a: 3 });
    expect(await db.openIds()).toEqual([['x'], ['y']]);
    await db.commit('y');
    await other;
    await db.commit('x');
    await first;
    expect(await db.openIds()).toEqual([['x']]);
    await db.commit('x');
    await second;
    expect(db.log.filter((entry) => entry.row.id === 'x').map((entry) => entry.row)).toEqual([
      { id: 'x', a: 1, b: 1 },
      { id: 'x', a: 2 },
    ]);
  });

  it('counts the trace a span creates as a key of its request', async () => {
    const db = gatedDatabase();
    const writer = new IngestWriter<unknown>([db.traces, db.spans], db.runner, concurrent);
    const traceWrite = trace(writer, { id: 't1' });
    await settle();
    const span = writer.submit({ projectId: 'p', rows: { spans: [{ id: 's1', traceId: 't1' }] }, bytes: 1 });
    const sameIdOtherProject = writer.submit({ projectId: 'q', rows: { traces: [{ id: 't1' }] }, bytes: 1 });
    expect(await db.openIds()).toEqual([['t1'], ['t1']]);
    await db.commit('t1');
    await db.commit('t1');
    await Promise.all([traceWrite, sameIdOtherProject]);
    expect(await db.openIds()).toEqual([['s1']]);
    await db.commit('s1');
    await span;
  });

  it('never lets a request overtake an earlier waiting one it shares a key with', async () => {
    const db = gatedDatabase();
    const writer = new IngestWriter<unknown>([db.traces, db.spans], db.runner, concurrent);
    const first = trace(writer, { id: 'x', a: 1 });
    await settle();
    // waits for `first` (x); `third` meets no running flush, but shares y with `second`
    const second = trace(writer, { id: 'x', a: 2 }, { id: 'y', a: 2 });
    const third = trace(writer, { id: 'y', a: 3 });
    expect(await db.openIds()).toEqual([['x']]);
    await db.commit('x');
    await first;
    // the two now go together, merged in arrival order
    expect(await db.openIds()).toEqual([['x', 'y']]);
    await db.commit('y');
    await Promise.all([second, third]);
    expect(db.log.filter((entry) => entry.row.id === 'y').map((entry) => entry.row)).toEqual([{ id: 'y', a: 3 }]);
  });

  it('bisects a failing flush while others run, failing only the bad request and keeping its keys held until done', async () => {
    const db = gatedDatabase();
    const writer = new IngestWriter<unknown>([db.traces, db.spans], db.runner, { ...concurrent, maxFlushes: 2 });
    const first = trace(writer, { id: 'a' });
    const second = trace(writer, { id: 'b' });
    const group = [trace(writer, { id: 'c', a: -1 }), trace(writer, { id: 'd' })];
    const results = Promise.allSettled(group);
    await db.commit('a');
    await first;
    expect(await db.openIds()).toEqual([['b'], ['c', 'd']]);
    await db.commit('c'); // the group fails and is split
    // a request for d arriving while its flush is being split waits for the halves
    const laterD = trace(writer, { id: 'd', a: 4 });
    expect(await db.openIds()).toEqual([['b'], ['c']]);
    await db.commit('c');
    expect(await db.openIds()).toEqual([['b'], ['d']]);
    await db.commit('d');
    expect((await results).map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
    expect(await db.openIds()).toEqual([['b'], ['d']]);
    await db.commit('b');
    await db.commit('d');
    await Promise.all([second, laterD]);
    expect(db.log.filter((entry) => entry.row.id === 'd').map((entry) => entry.row)).toEqual([{ id: 'd' }, { id: 'd', a: 4 }]);
    expect(db.log.some((entry) => entry.row.id === 'c')).toBe(false);
  });

  it('drain waits for every running flush and the requests held behind them', async () => {
    const db = gatedDatabase();
    const writer = new IngestWriter<unknown>([db.traces, db.spans], db.runner, concurrent);
    const requests = [trace(writer, { id: 'a' }), trace(writer, { id: 'b' })];
    await settle();
    requests.push(trace(writer, { id: 'a', a: 2 }));
    let drained = false;
    const draining = writer.drain().then(() => (drained = true));
    expect(() => trace(writer, { id: 'z' })).toThrow(AppError);
    await db.commit('b');
    await db.commit('a');
    expect(drained).toBe(false);
    expect(await db.openIds()).toEqual([['a']]);
    await db.commit('a');
    await draining;
    await Promise.all(requests);
    expect(db.log.map((entry) => entry.row)).toEqual([{ id: 'b' }, { id: 'a' }, { id: 'a', a: 2 }]);
  });

  it('runs a transaction PostgreSQL aborted to break a deadlock again', async () => {
    let attempts = 0;
    const committed: Row[] = [];
    const kind: RowKind<Row, Row[]> = { name: 'rows', order: 0, key: (row) => row.id, write: async (tx, _p, rows) => void tx.push(...rows) };
    const writer = new IngestWriter([kind], async (work: (tx: Row[]) => Promise<void>) => {
      const tx: Row[] = [];
      await work(tx);
      if (++attempts === 1) throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
      committed.push(...tx);
    }, concurrent);
    await writer.submit({ projectId: 'p', rows: { rows: [{ id: 'a' }] }, bytes: 1 });
    expect(attempts).toBe(2);
    expect(committed).toEqual([{ id: 'a' }]);
  });
});

describe('mergeRows', () => {
  it('keeps rows without a key as they are', () => {
    const rows = [{ id: 'a' }, { id: 'a' }];
    expect(mergeRows({}, rows)).toBe(rows);
  });
});
