import { mergeRows } from '../ingest/ingest-writer.js';
import { mergeTraceRows, TRACE_UPSERT, traceRowKind } from './trace-row-kind.js';
import type { TraceRow } from './trace-rows.js';

const at = (iso: string) => new Date(iso);

describe('mergeTraceRows', () => {
  it('lets the later write set what it carries and keeps the rest', () => {
    const merged = mergeTraceRows(
      { id: 't', name: 'first', userId: 'u', tags: ['a'] },
      { id: 't', name: 'second', release: 'r1' },
    );
    expect(merged).toEqual({ id: 't', name: 'second', userId: 'u', tags: ['a'], release: 'r1' });
  });

  it('treats null like absent, so a later null never wipes an earlier value of the same flush', () => {
    const later = { id: 't', name: null, tags: null } as unknown as TraceRow;
    expect(mergeTraceRows({ id: 't', name: 'kept', tags: ['x'] }, later)).toEqual({ id: 't', name: 'kept', tags: ['x'] });
  });

  it('replaces tags only when the later write sends them (an empty list clears them)', () => {
    expect(mergeTraceRows({ id: 't', tags: ['a'] }, { id: 't' }).tags).toEqual(['a']);
    expect(mergeTraceRows({ id: 't', tags: ['a'] }, { id: 't', tags: [] }).tags).toEqual([]);
  });

  it('sets the timestamp of a plain later write, even when it is later', () => {
    const merged = mergeTraceRows(
      { id: 't', timestamp: at('2026-01-01T00:00:00Z'), keepEarliestTimestamp: true },
      { id: 't', timestamp: at('2026-01-02T00:00:00Z') },
    );
    expect(merged.timestamp).toEqual(at('2026-01-02T00:00:00Z'));
    expect(merged.keepEarliestTimestamp).toBeUndefined();
  });

  it('keeps the earliest timestamp when the later write asks for it', () => {
    const merged = mergeTraceRows(
      { id: 't', timestamp: at('2026-01-01T00:00:00Z') },
      { id: 't', timestamp: at('2026-01-02T00:00:00Z'), keepEarliestTimestamp: true },
    );
    expect(merged.timestamp).toEqual(at('2026-01-01T00:00:00Z'));
    // the earlier plain write sets the timestamp in the database; the merge must too
    expect(merged.keepEarliestTimestamp).toBeUndefined();
  });

  it('keeps-earliest writes alone stay keep-earliest, so a stored earlier timestamp still wins', () => {
    const merged = mergeTraceRows(
      { id: 't', timestamp: at('2026-01-03T00:00:00Z'), keepEarliestTimestamp: true },
      { id: 't', timestamp: at('2026-01-02T00:00:00Z'), keepEarliestTimestamp: true },
    );
    expect(merged).toEqual({ id: 't', timestamp: at('2026-01-02T00:00:00Z'), keepEarliestTimestamp: true });
  });

  it('keeps the earlier timestamp and its mode when the later write has none', () => {
    const merged = mergeTraceRows(
      { id: 't', timestamp: at('2026-01-03T00:00:00Z'), keepEarliestTimestamp: true },
      { id: 't', name: 'n', keepEarliestTimestamp: false },
    );
    expect(merged).toEqual({ id: 't', name: 'n', timestamp: at('2026-01-03T00:00:00Z'), keepEarliestTimestamp: true });
  });

  it('is what the writer uses to collapse a flush, in arrival order', () => {
    const rows = mergeRows(traceRowKind, [
      { id: 'b', name: 'b1' },
      { id: 'a', name: 'a1', userId: 'u' },
      { id: 'a', name: 'a2' },
    ]);
    expect(rows).toEqual([
      { id: 'a', name: 'a2', userId: 'u' },
      { id: 'b', name: 'b1' },
    ]);
  });
});

describe('TRACE_UPSERT', () => {
  it('merges every column with COALESCE except the timestamp pair, and defaults new rows', () => {
    // accumulating (OTLP) writes only fill empty fields, unite tags and merge metadata
    expect(TRACE_UPSERT).toContain(
      `"name" = CASE WHEN r."accumulate" THEN COALESCE(t."name", r."name") ELSE COALESCE(r."name", t."name") END`,
    );
    expect(TRACE_UPSERT).toContain(
      `"session_id" = CASE WHEN r."accumulate" THEN COALESCE(t."session_id", r."sessionId") ELSE COALESCE(r."sessionId", t."session_id") END`,
    );
    expect(TRACE_UPSERT).toContain(`ELSE COALESCE(r."tags", t."tags")`);
    expect(TRACE_UPSERT).toContain(`t."tags" || ARRAY(SELECT tag FROM unnest(COALESCE(r."tags", '{}')) AS tag WHERE tag <> ALL(t."tags"))`);
    expect(TRACE_UPSERT).toContain(`r."metadata" || t."metadata"`);
    expect(TRACE_UPSERT).toContain(`COALESCE(r."tags", '{}')`);
    expect(TRACE_UPSERT).toContain(`COALESCE(r."environment", 'default')`);
    expect(TRACE_UPSERT).toContain(`COALESCE(r."timestamp", now())`);
    expect(TRACE_UPSERT).toContain('LEAST(t."timestamp", r."timestamp")');
    expect(TRACE_UPSERT).toContain('"timestamp_explicit" = t.timestamp_explicit OR r."timestamp" IS NOT NULL');
    // scoped by project, all rows in one parameter
    expect(TRACE_UPSERT).toContain('WHERE t.project_id = $1 AND t.id = r."id"');
    expect(TRACE_UPSERT).toContain('jsonb_to_recordset($2::jsonb)');
    expect(TRACE_UPSERT).not.toMatch(/\$3/);
  });
});
