import { parseIsoTimestamp, parseQueryTimestamp } from './metric-timestamp.js';

describe('parseIsoTimestamp', () => {
  it('reads RFC 3339 with Z, offsets and fractions', () => {
    expect(parseIsoTimestamp('2026-11-21T08:06:42.146Z')).toBe(Date.UTC(2026, 10, 21, 8, 6, 42, 146));
    expect(parseIsoTimestamp('2026-11-21T10:06:42+02:00')).toBe(Date.UTC(2026, 10, 21, 8, 6, 42));
    expect(parseIsoTimestamp('2026-11-21T08:06:42.123456Z')).toBe(Date.UTC(2026, 10, 21, 8, 6, 42, 123));
  });

  it('refuses dates that do not exist and text that is not a timestamp', () => {
    for (const text of ['2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-11-21T24:00:00Z', '2026-11-21', '2026-11-21T08:00:00', 'now', '1700000000']) {
      expect(parseIsoTimestamp(text)).toBeUndefined();
    }
    expect(parseIsoTimestamp('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('puts back a + offset that a query string decoded to a space', () => {
    expect(parseQueryTimestamp('2026-11-21T10:00:00 02:00')).toBe(Date.UTC(2026, 10, 21, 8));
  });
});
