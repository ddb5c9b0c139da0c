import { Logger } from '@nestjs/common';
import { AppError, ErrorCode } from '../common/errors/app-error.js';

/**
 * A kind of row the writer persists (traces, observations, scores, metric points).
 * Kinds are written in ascending `order` inside one transaction.
 */
export interface RowKind<Row = unknown, Tx = unknown> {
  name: string;
  order: number;
  /** Rows sharing a key are merged in arrival order before writing; omit to keep every row. */
  key?: (row: Row) => string;
  merge?: (earlier: Row, later: Row) => Row;
  /** Writes all rows of this kind (already merged, sorted by key) with set-based SQL. */
  write(tx: Tx, projectId: string, rows: Row[]): Promise<void>;
}

/** What one request hands to the writer: rows per kind name, for one project. */
export interface WriteBatch {
  projectId: string;
  rows: Record<string, unknown[]>;
  /** Approximate payload size, for the byte bound of the queue. */
  bytes: number;
}

export interface IngestWriterOptions {
  flushMs: number;
  batchRows: number;
  queueMaxRows: number;
  queueMaxBytes: number;
}

/** Runs `work` in one database transaction; resolves after COMMIT. */
export type TransactionRunner<Tx> = (work: (tx: Tx) => Promise<void>) => Promise<void>;

interface Pending {
  batch: WriteBatch;
  rowCount: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const log = new Logger('IngestWriter');

/**
 * Group commit: gathers the rows of all concurrent requests for a few milliseconds
 * (or until `batchRows`), writes them in one transaction, and resolves each request
 * only after COMMIT. A failed flush is retried in halves so only the requests that
 * own bad rows fail. The queue is bounded; when full, `submit` throws a 503.
 */
export class IngestWriter<Tx = unknown> {
  private readonly kinds: RowKind<unknown, Tx>[];
  private queue: Pending[] = [];
  private queuedRows = 0;
  private queuedBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private closed = false;

  constructor(
    kinds: RowKind<any, Tx>[],
    private readonly transaction: TransactionRunner<Tx>,
    private readonly options: IngestWriterOptions,
  ) {
    this.kinds = [...kinds].sort((a, b) => a.order - b.order);
    const unknownNames = new Set(this.kinds.map((kind) => kind.name));
    if (unknownNames.size !== this.kinds.length) throw new Error('row kind names must be unique');
  }

  /** Resolves once every row of `batch` is committed; rejects with an AppError otherwise. */
  submit(batch: WriteBatch): Promise<void> {
    if (this.closed) throw this.unavailable('the server is shutting down');
    const rowCount = Object.values(batch.rows).reduce((sum, rows) => sum + rows.length, 0);
    if (rowCount === 0) return Promise.resolve();
    for (const name of Object.keys(batch.rows)) {
      if (!this.kinds.some((kind) => kind.name === name)) throw new Error(`unknown row kind ${name}`);
    }
    const overRows = this.queuedRows + rowCount > this.options.queueMaxRows;
    const overBytes = this.queuedBytes + batch.bytes > this.options.queueMaxBytes;
    // An empty queue always takes one request, however large, so big requests still get through.
    if (this.queue.length > 0 && (overRows || overBytes)) throw this.unavailable('ingest queue is full');
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ batch, rowCount, resolve, reject });
      this.queuedRows += rowCount;
      this.queuedBytes += batch.bytes;
      this.schedule();
    });
  }

  /** Rows waiting to be written (for tests and stats). */
  get pendingRows(): number {
    return this.queuedRows;
  }

  /** Stops taking requests and writes everything queued. */
  async drain(): Promise<void> {
    this.closed = true;
    while (this.queue.length > 0 || this.flushing) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      await (this.flushing ?? this.flushNow());
    }
  }

  private schedule(): void {
    if (this.flushing) return; // the running flush schedules the next one when it ends
    if (this.queuedRows >= this.options.batchRows) {
      void this.flushNow();
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flushNow(), this.options.flushMs);
    }
  }

  private flushNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.flushing || this.queue.length === 0) return this.flushing ?? Promise.resolve();
    const group = this.takeGroup();
    this.flushing = this.writeGroup(group).finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) this.schedule();
    });
    return this.flushing;
  }

  private takeGroup(): Pending[] {
    const group: Pending[] = [];
    let rows = 0;
    while (this.queue.length > 0 && (group.length === 0 || rows + this.queue[0].rowCount <= this.options.batchRows)) {
      const next = this.queue.shift()!;
      group.push(next);
      rows += next.rowCount;
      this.queuedRows -= next.rowCount;
      this.queuedBytes -= next.batch.bytes;
    }
    return group;
  }

  /** Writes a group; on failure bisects it so one bad request cannot sink the others. */
  private async writeGroup(group: Pending[]): Promise<void> {
    try {
      await this.transaction((tx) => this.writeRows(tx, group));
      for (const pending of group) pending.resolve();
    } catch (error) {
      if (group.length === 1) {
        group[0].reject(toIngestError(error));
        return;
      }
      const middle = Math.ceil(group.length / 2);
      await this.writeGroup(group.slice(0, middle));
      await this.writeGroup(group.slice(middle));
    }
  }

  private async writeRows(tx: Tx, group: Pending[]): Promise<void> {
    const projects = [...new Set(group.map((pending) => pending.batch.projectId))];
    for (const projectId of projects) {
      const batches = group.filter((pending) => pending.batch.projectId === projectId).map((p) => p.batch);
      for (const kind of this.kinds) {
        const rows = batches.flatMap((batch) => batch.rows[kind.name] ?? []);
        if (rows.length > 0) await kind.write(tx, projectId, mergeRows(kind, rows));
      }
    }
  }

  private unavailable(reason: string): AppError {
    return new AppError(ErrorCode.ServiceUnavailable, `Service Unavailable: ${reason}, retry later`, {
      retryAfterSeconds: 1,
    });
  }
}

/** Collapses rows sharing a key (arrival order), then sorts by key so concurrent writers lock rows in one order. */
export function mergeRows<Row>(kind: Pick<RowKind<Row>, 'key' | 'merge'>, rows: Row[]): Row[] {
  if (!kind.key) return rows;
  const merged = new Map<string, Row>();
  for (const row of rows) {
    const key = kind.key(row);
    const earlier = merged.get(key);
    merged.set(key, earlier === undefined ? row : kind.merge ? kind.merge(earlier, row) : row);
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** Overlays the fields `later` carries (not undefined) onto `earlier`. */
export function overlayDefined<Row extends object>(earlier: Row, later: Row): Row {
  const result = { ...earlier } as Record<string, unknown>;
  for (const [field, value] of Object.entries(later)) if (value !== undefined) result[field] = value;
  return result as Row;
}

/**
 * A database rejection of a value (SQLSTATE class 22 data exception, 23 integrity
 * violation) is the client's fault: 400. Anything else is ours: 500, without internals.
 */
export function toIngestError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const sqlState = (error as { code?: unknown }).code;
  if (typeof sqlState === 'string' && /^2[23]/.test(sqlState)) {
    return AppError.badRequest(`the database rejected a value (SQLSTATE ${sqlState})`);
  }
  log.error({ msg: 'ingest flush failed', err: error instanceof Error ? error.message : String(error) });
  return new AppError(ErrorCode.Internal, 'Internal Error');
}

/**
 * Whether a rejected `submit` means the database refused these rows (so a door may retry
 * smaller parts to isolate them), as opposed to overload (503/429), which is the whole
 * request's answer and is retried by the client.
 */
export function isRowRefusal(error: unknown): error is AppError {
  return (
    error instanceof AppError && error.code !== ErrorCode.ServiceUnavailable && error.code !== ErrorCode.TooManyRequests
  );
}
