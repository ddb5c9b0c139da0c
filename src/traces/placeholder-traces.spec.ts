import { placeholdersFor } from './placeholder-traces.js';

describe('placeholdersFor', () => {
  it('gives each trace its earliest timestamp and first environment, sorted by id', () => {
    const placeholders = placeholdersFor([
      { traceId: 'b', timestamp: new Date('2026-01-02T00:00:00Z') },
      { traceId: 'a', environment: 'prod', timestamp: new Date('2026-01-03T00:00:00Z') },
      { traceId: 'a', environment: 'dev', timestamp: new Date('2026-01-01T00:00:00Z') },
      { traceId: 'a' },
      { traceId: undefined },
    ]);
    expect(placeholders).toEqual([
      { id: 'a', environment: 'prod', timestamp: new Date('2026-01-01T00:00:00Z') },
      { id: 'b', timestamp: new Date('2026-01-02T00:00:00Z') },
    ]);
  });

  it('leaves the timestamp unset (now) when no row has one', () => {
    expect(placeholdersFor([{ traceId: 't' }])).toEqual([{ id: 't' }]);
  });
});
