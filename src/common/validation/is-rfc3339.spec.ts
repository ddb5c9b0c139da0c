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
