import { Inject, Injectable } from '@nestjs/common';
import type { AppError } from '../../common/errors/app-error.js';
import { IngestWriter, isRowRefusal } from '../ingest-writer.js';
import { isUpdateEvent, mapIngestionEvent, type MappedEvent, type RowSet } from './ingestion-event.mapper.js';

export interface IngestionSuccess {
  id: string;
  status: number;
}

export interface IngestionFailure {
  id: string | null;
  status: number;
  message: string;
  error?: unknown;
}

export interface IngestionResult {
  successes: IngestionSuccess[];
  errors: IngestionFailure[];
}

type RowsEvent = Extract<MappedEvent, { outcome: 'rows' }>;

/**
 * The Langfuse batch (API.md §3.2): every event is validated on its own; the valid ones are
 * written through the one ingest writer and acknowledged only after COMMIT.
 */
@Injectable()
export class LangfuseIngestionService {
  constructor(@Inject(IngestWriter) private readonly writer: IngestWriter) {}

  /** `checkStrings` false when the body cannot hold a string PostgreSQL refuses (see mayHoldUnstorableStrings). */
  async ingest(projectId: string, batch: unknown[], bytes: number, checkStrings = true): Promise<IngestionResult> {
    const mapped = batch.map((event) => mapIngestionEvent(event, checkStrings));
    const writable = causalOrder(batch)
      .map((index) => mapped[index])
      .filter((event): event is RowsEvent => event.outcome === 'rows');
    const failures = await this.write(projectId, writable, bytes);

    const result: IngestionResult = { successes: [], errors: [] };
    for (const event of mapped) {
      if (event.outcome === 'invalid') {
        result.errors.push({ id: event.id, status: 400, message: event.message, error: event.problems });
      } else if (event.outcome === 'rows' && failures.has(event)) {
        const failure = failures.get(event)!;
        result.errors.push({ id: event.id, status: failure.status, message: failure.message });
      } else {
        result.successes.push({ id: event.id, status: 201 });
      }
    }
    return result;
  }

  /**
   * Writes all events in one submission. If the database refuses it, each event is
   * resubmitted on its own (the writer groups them into one transaction again and bisects),
   * so one unstorable event fails alone. Overload is the whole request's answer: a 503 with
   * Retry-After that the SDKs retry, never per-event errors they would drop.
   */
  private async write(projectId: string, events: RowsEvent[], bytes: number): Promise<Map<RowsEvent, AppError>> {
    const failures = new Map<RowsEvent, AppError>();
    if (events.length === 0) return failures;
    try {
      await this.writer.submit({ projectId, rows: { ...mergeRowSets(events.map((event) => event.rows)) }, bytes });
      return failures;
    } catch (error) {
      if (!isRowRefusal(error)) throw error;
      if (events.length === 1) return failures.set(events[0], error);
    }
    const share = Math.ceil(bytes / events.length);
    const outcomes = await Promise.allSettled(
      events.map(async (event) => this.writer.submit({ projectId, rows: { ...event.rows }, bytes: share })),
    );
    outcomes.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') return;
      if (!isRowRefusal(outcome.reason)) throw outcome.reason;
      failures.set(events[index], outcome.reason);
    });
    return failures;
  }
}

/**
 * The indexes of a batch ordered by envelope timestamp, creates before updates at equal
 * times: the SDKs do not send events in causal order (a generation-update can precede its
 * create with the same timestamp), and rows sharing an id are merged in this order.
 */
export function causalOrder(batch: unknown[]): number[] {
  const keyed = batch.map((event, index) => {
    const record = (typeof event === 'object' && event !== null ? event : {}) as Record<string, unknown>;
    const time = typeof record.timestamp === 'string' ? Date.parse(record.timestamp) : Number.NaN;
    return { index, time: Number.isNaN(time) ? 0 : time, update: isUpdateEvent(record.type) ? 1 : 0 };
  });
  keyed.sort((a, b) => a.time - b.time || a.update - b.update || a.index - b.index);
  return keyed.map(({ index }) => index);
}

export function mergeRowSets(sets: RowSet[]): RowSet {
  return {
    traces: sets.flatMap((set) => set.traces),
    observations: sets.flatMap((set) => set.observations),
    scores: sets.flatMap((set) => set.scores),
  };
}
