import { describe, expect, it } from 'vitest';
import { parseTraceFilters, splitList, toggleOrder, traceFiltersToParams } from './trace-filters';

describe('trace filters in the URL', () => {
  it('round-trips every filter through the query string', () => {
    const url = 'range=24h&name=chat&userId=u-1&sessionId=s-1&release=r1&level=ERROR&tags=a&tags=b&environment=prod&orderBy=latency.asc&page=3&limit=25';
    const filters = parseTraceFilters(new URLSearchParams(url));
    expect(filters).toEqual({
      range: '24h',
      name: 'chat',
      userId: 'u-1',
      sessionId: 's-1',
      release: 'r1',
      level: 'ERROR',
      tags: ['a', 'b'],
      environment: ['prod'],
      orderBy: 'latency.asc',
      page: 3,
      limit: 25,
    });
    expect(parseTraceFilters(traceFiltersToParams(filters))).toEqual(filters);
  });

  it('falls back to defaults on missing or hostile values', () => {
    const filters = parseTraceFilters(new URLSearchParams('orderBy=input;drop&page=-2&limit=1000&level=LOUD&range=forever'));
    expect(filters).toMatchObject({ orderBy: 'timestamp.desc', page: 1, limit: 50, range: '7d' });
    expect(filters.level).toBeUndefined();
    expect(traceFiltersToParams(filters).toString()).toBe('');
  });

  it('keeps custom bounds instead of a preset', () => {
    const filters = parseTraceFilters(new URLSearchParams('from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z'));
    expect(filters.range).toBeUndefined();
    expect(traceFiltersToParams(filters).toString()).toBe('from=2026-11-01T00%3A00%3A00Z&to=2026-11-02T00%3A00%3A00Z');
  });

  it('toggles sort direction and splits tag lists', () => {
    expect(toggleOrder('timestamp.desc', 'timestamp')).toBe('timestamp.asc');
    expect(toggleOrder('timestamp.asc', 'latency')).toBe('latency.desc');
    expect(splitList(['a, b', 'b', ' ', 'c'])).toEqual(['a', 'b', 'c']);
  });
});
