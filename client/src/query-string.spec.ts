import { toQueryString } from './query-string.js';

describe('toQueryString', () => {
  it('repeats keys for arrays and skips absent values', () => {
    expect(toQueryString({ tags: ['a', 'b c'], name: undefined, userId: null, page: 2 })).toBe('?tags=a&tags=b+c&page=2');
  });

  it('writes dates as ISO-8601 and objects as JSON', () => {
    const from = new Date('2026-01-02T03:04:05.000Z');
    expect(toQueryString({ from, labels: { gpu: '0' } })).toBe(
      `?from=${encodeURIComponent('2026-01-02T03:04:05.000Z')}&labels=${encodeURIComponent('{"gpu":"0"}')}`,
    );
  });

  it('percent-encodes a + offset so it is not read as a space', () => {
    expect(toQueryString({ fromTimestamp: '2026-01-01T00:00:00+02:00' })).toBe('?fromTimestamp=2026-01-01T00%3A00%3A00%2B02%3A00');
  });

  it('is empty for no parameters', () => {
    expect(toQueryString(undefined)).toBe('');
    expect(toQueryString({ name: undefined })).toBe('');
  });
});
