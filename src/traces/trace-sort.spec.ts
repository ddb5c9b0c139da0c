import { parseTraceOrderBy, TRACE_ORDER_BY_PATTERN } from './trace-sort.js';

describe('trace orderBy', () => {
  it('defaults to timestamp descending', () => {
    expect(parseTraceOrderBy()).toEqual({ expression: 't.timestamp', direction: 'DESC' });
  });

  it('reads both spellings and explicit directions', () => {
    expect(parseTraceOrderBy('user_id.desc')).toEqual({ expression: 't.user_id', direction: 'DESC' });
    expect(parseTraceOrderBy('userId.ASC')).toEqual({ expression: 't.user_id', direction: 'ASC' });
    expect(parseTraceOrderBy('sessionId.asc').expression).toBe('t.session_id');
  });

  it('falls back to the field default for a missing or unknown direction', () => {
    expect(parseTraceOrderBy('name').direction).toBe('ASC');
    expect(parseTraceOrderBy('name.sideways').direction).toBe('ASC');
    expect(parseTraceOrderBy('latency').direction).toBe('DESC');
    expect(parseTraceOrderBy('public.').direction).toBe('DESC');
  });

  it('sorts latency and cost by the values reads show, derived when not sent', () => {
    expect(parseTraceOrderBy('latency.asc').expression).toContain('COALESCE(t.latency');
    expect(parseTraceOrderBy('total_cost.asc').expression).toContain('COALESCE(t.total_cost');
  });

  it.each(['foo', 'timestamp;DROP TABLE traces', 'name,id', '', 'Timestamp', '(select 1).asc'])(
    'rejects %p before any SQL is built',
    (value) => {
      expect(TRACE_ORDER_BY_PATTERN.test(value)).toBe(false);
    },
  );

  it('accepts any direction text after a known field (it cannot reach SQL)', () => {
    expect(TRACE_ORDER_BY_PATTERN.test('timestamp.asc')).toBe(true);
    expect(TRACE_ORDER_BY_PATTERN.test('timestamp.desc; DROP TABLE traces')).toBe(true);
    expect(parseTraceOrderBy('timestamp.desc; DROP TABLE traces')).toEqual({ expression: 't.timestamp', direction: 'DESC' });
  });
});
