import { nativeBatchRows, toObservationRow, toTraceRow } from './native-batch.mapper.js';
import type { NativeObservationDto, NativeTraceDto } from './native-batch.dto.js';

describe('native batch mapper', () => {
  it('maps a trace, reading session_id as sessionId and never the body projectId', () => {
    const row = toTraceRow({
      id: 't',
      timestamp: '2026-01-01T00:00:00+02:00',
      session_id: 'from-alias',
      tags: ['a'],
      public: false,
      projectId: 'someone-else',
      input: { q: 1 },
    } as NativeTraceDto);
    expect(row).toEqual({
      id: 't',
      timestamp: new Date('2025-12-31T22:00:00Z'),
      sessionId: 'from-alias',
      tags: ['a'],
      public: false,
      input: { q: 1 },
    });
  });

  it('prefers sessionId over session_id', () => {
    expect(toTraceRow({ id: 't', sessionId: 'camel', session_id: 'snake' } as NativeTraceDto).sessionId).toBe('camel');
  });

  it('drops null fields, so they keep what is stored', () => {
    const row = toTraceRow({ id: 't', name: null, tags: null, input: null, latency: null } as NativeTraceDto);
    expect(row).toEqual({ id: 't' });
  });

  it('maps an observation and derives token counts from usage when absent', () => {
    const row = toObservationRow({
      id: 'o',
      traceId: 't',
      type: 'SPAN',
      startTime: '2026-01-01T00:00:00Z',
      usage: { input: 3, output: 4 },
      promptTokens: null,
      promptVersion: '2',
      projectId: 'ignored',
    } as NativeObservationDto);
    expect(row).toEqual({
      id: 'o',
      traceId: 't',
      type: 'SPAN',
      startTime: new Date('2026-01-01T00:00:00Z'),
      usage: { input: 3, output: 4 },
      promptVersion: '2',
      promptTokens: 3,
      completionTokens: 4,
      totalTokens: 7,
    });
  });

  it('keeps sent token counts over usage', () => {
    const row = toObservationRow({ id: 'o', traceId: 't', usage: { input: 3 }, promptTokens: 5 } as NativeObservationDto);
    expect(row.promptTokens).toBe(5);
  });

  it('turns a batch into rows per kind', () => {
    expect(nativeBatchRows({})).toEqual({ traces: [], observations: [] });
    const rows = nativeBatchRows({ trace: { id: 't' }, observations: [{ id: 'o', traceId: 't' }] });
    expect(rows).toEqual({ traces: [{ id: 't' }], observations: [{ id: 'o', traceId: 't' }] });
  });
});
