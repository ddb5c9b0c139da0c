import { isRfc3339 } from './is-rfc3339.js';

describe('isRfc3339', () => {
  it.each(['2026-11-21T08:06:42.146Z', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00.123456-05:30', '2026-01-01T00:00Z'])(
    'accepts %s',
    (value) => expect(isRfc3339(value)).toBe(true),
  );

  it.each(['2026-01-01', '2026-01-01T00:00:00', '2026-02-30T00:00:00Z', 'yesterday', '1700000000', '2026-01-01T00:00:00 00:00', '2026-01-01t00:00:00z'])(
    'rejects %s',
    (value) => expect(isRfc3339(value)).toBe(false),
  );
});

describe('isRfc3339 calendar checks', () => {
  it.each(['2024-02-29T00:00:00Z', '2026-12-31T23:59:59.999999999+14:00'])('accepts %s', (value) =>
    expect(isRfc3339(value)).toBe(true),
  );

  it.each(['2026-02-29T00:00:00Z', '2026-04-31T00:00:00Z', '2026-00-10T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T00:60:00Z', '2026-01-01T00:00:60Z', '2026-01-01T00:00:00+24:00'])(
    'rejects %s',
    (value) => expect(isRfc3339(value)).toBe(false),
  );
});
