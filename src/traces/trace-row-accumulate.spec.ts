import { mergeTraceRows } from './trace-row-kind.js';

describe('mergeTraceRows with accumulate (trace fields spread over OTLP spans)', () => {
  it('keeps the first non-null scalars, unites tags and merges metadata', () => {
    const merged = mergeTraceRows(
      { id: 't', accumulate: true, name: 'first', tags: ['a'], metadata: { x: 1, shared: 'first' } },
      { id: 't', accumulate: true, name: 'second', userId: 'u', tags: ['b', 'a'], metadata: { y: 2, shared: 'second' } },
    );
    expect(merged).toEqual({
      id: 't',
      accumulate: true,
      name: 'first',
      userId: 'u',
      tags: ['a', 'b'],
      metadata: { x: 1, y: 2, shared: 'first' },
      keepEarliestTimestamp: undefined,
    });
  });

  it('keeps the earliest timestamp', () => {
    const merged = mergeTraceRows(
      { id: 't', accumulate: true, keepEarliestTimestamp: true, timestamp: new Date(2000) },
      { id: 't', accumulate: true, keepEarliestTimestamp: true, timestamp: new Date(1000) },
    );
    expect(merged.timestamp).toEqual(new Date(1000));
  });

  it('lets an explicit write after accumulating ones overwrite, and stops accumulating', () => {
    const merged = mergeTraceRows({ id: 't', accumulate: true, name: 'span name' }, { id: 't', name: 'explicit' });
    expect(merged).toMatchObject({ name: 'explicit', accumulate: undefined });
  });
});
