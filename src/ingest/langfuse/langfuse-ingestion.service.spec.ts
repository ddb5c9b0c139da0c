import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { IngestWriter, overlayDefined, type RowKind } from '../ingest-writer.js';
import { causalOrder, LangfuseIngestionService } from './langfuse-ingestion.service.js';

type Row = { id: string; name?: string; [key: string]: unknown };

/** A writer over an in-memory "database" that refuses any row named "poison", like a CHECK constraint. */
function fakeStore() {
  const committed: Record<string, Row[]> = { traces: [], observations: [], scores: [] };
  const kinds: RowKind<Row, Record<string, Row[]>>[] = ['traces', 'observations', 'scores'].map((name, order) => ({
    name,
    order,
    key: (row) => row.id,
    merge: overlayDefined,
    write: async (tx, _projectId, rows) => {
      (tx[name] ??= []).push(...rows);
    },
  }));
  const writer = new IngestWriter(
    kinds,
    async (work) => {
      const tx: Record<string, Row[]> = {};
      await work(tx);
      if (Object.values(tx).flat().some((row) => row.name === 'poison')) {
        throw Object.assign(new Error('check violation'), { code: '23514' });
      }
      for (const [name, rows] of Object.entries(tx)) committed[name].push(...rows);
    },
    { flushMs: 1, batchRows: 1000, maxFlushes: 2, parallelFlushRows: 1, queueMaxRows: 10_000, queueMaxBytes: 10_000_000 },
  );
  return { writer, committed };
}

const AT = '2026-11-21T08:06:42.146Z';

describe('LangfuseIngestionService', () => {
  it('answers every event in successes or errors and writes only the valid ones', async () => {
    const { writer, committed } = fakeStore();
    const service = new LangfuseIngestionService(writer as IngestWriter);
    const result = await service.ingest(
      'p',
      [
        { id: 'e1', type: 'trace-create', timestamp: AT, body: { id: 't1', name: 'trace' } },
        { id: 'e2', type: 'span-create', timestamp: AT, body: { id: 's1', traceId: 't1', level: 'LOUD' } },
        { id: 'e3', type: 'score-create', timestamp: AT, body: { id: 'sc1', traceId: 't1', name: 'q', value: 1 } },
        { id: 'e4', type: 'sdk-log', timestamp: AT, body: { log: 'hello' } },
        { id: 'e5', type: 'mystery', timestamp: AT, body: {} },
      ],
      100,
    );
    expect(result.successes).toEqual([
      { id: 'e1', status: 201 },
      { id: 'e3', status: 201 },
      { id: 'e4', status: 201 },
    ]);
    expect(result.errors).toEqual([
      {
        id: 'e2',
        status: 400,
        message: 'invalid event: body.level must be one of DEBUG, DEFAULT, WARNING, ERROR',
        error: ['body.level must be one of DEBUG, DEFAULT, WARNING, ERROR'],
      },
      expect.objectContaining({ id: 'e5', status: 400, message: 'invalid event: unsupported event type "mystery"' }),
    ]);
    expect(committed.traces.map((row) => row.id)).toEqual(['t1']);
    expect(committed.observations).toEqual([]);
    expect(committed.scores.map((row) => row.id)).toEqual(['sc1']);
  });

  it('answers with both arrays for an empty batch', async () => {
    const service = new LangfuseIngestionService(fakeStore().writer as IngestWriter);
    await expect(service.ingest('p', [], 2)).resolves.toEqual({ successes: [], errors: [] });
  });

  it('isolates an event the database refuses and keeps the others', async () => {
    const { writer, committed } = fakeStore();
    const service = new LangfuseIngestionService(writer as IngestWriter);
    const result = await service.ingest(
      'p',
      [
        { id: 'good-1', type: 'span-create', timestamp: AT, body: { id: 'a', traceId: 't', name: 'fine' } },
        { id: 'bad', type: 'span-create', timestamp: AT, body: { id: 'b', traceId: 't', name: 'poison' } },
        { id: 'good-2', type: 'span-create', timestamp: AT, body: { id: 'c', traceId: 't', name: 'also fine' } },
      ],
      300,
    );
    expect(result.successes.map((success) => success.id)).toEqual(['good-1', 'good-2']);
    expect(result.errors).toEqual([
      { id: 'bad', status: 400, message: 'the database rejected a value (SQLSTATE 23514)' },
    ]);
    expect(committed.observations.map((row) => row.id).sort()).toEqual(['a', 'c']);
  });

  it('fails the whole request with 503 when the writer is overloaded', async () => {
    const writer = {
      submit: () => {
        throw new AppError(ErrorCode.ServiceUnavailable, 'Service Unavailable: ingest queue is full, retry later', {
          retryAfterSeconds: 1,
        });
      },
    };
    const service = new LangfuseIngestionService(writer as unknown as IngestWriter);
    await expect(
      service.ingest('p', [{ id: 'e1', type: 'trace-create', timestamp: AT, body: { id: 't1' } }], 10),
    ).rejects.toMatchObject({ code: ErrorCode.ServiceUnavailable, options: { retryAfterSeconds: 1 } });
  });

  it('merges an update sent before its create without losing either', async () => {
    const { writer, committed } = fakeStore();
    const service = new LangfuseIngestionService(writer as IngestWriter);
    await service.ingest(
      'p',
      [
        {
          id: 'u',
          type: 'generation-update',
          timestamp: AT,
          body: { id: 'g', traceId: 't', endTime: AT, output: 'hello', usage: { input: 1, output: 2 } },
        },
        { id: 'c', type: 'generation-create', timestamp: AT, body: { id: 'g', traceId: 't', name: 'gen', model: 'm', output: null } },
      ],
      10,
    );
    expect(committed.observations).toHaveLength(1);
    expect(committed.observations[0]).toMatchObject({
      id: 'g',
      name: 'gen',
      model: 'm',
      output: 'hello',
      endTime: new Date(AT),
      totalTokens: 3,
    });
  });
});

describe('causalOrder', () => {
  it('sorts by envelope time, creates before updates at the same time, otherwise keeps the order', () => {
    const batch = [
      { id: '1', type: 'generation-update', timestamp: '2026-01-01T00:00:00.002Z' },
      { id: '2', type: 'span-update', timestamp: '2026-01-01T00:00:00.001Z' },
      { id: '3', type: 'span-create', timestamp: '2026-01-01T00:00:00.001Z' },
      { id: '4', type: 'generation-create', timestamp: '2026-01-01T00:00:00.002Z' },
      { id: '5', type: 'trace-create', timestamp: '2026-01-01T00:00:00.002Z' },
    ];
    expect(causalOrder(batch)).toEqual([2, 1, 3, 4, 0]);
  });
});
