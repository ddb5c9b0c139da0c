import { maskKey, RateLimitStatsService } from './rate-limit-stats.service.js';

describe('RateLimitStatsService', () => {
  it('counts, ranks and masks rejected credentials', () => {
    const stats = new RateLimitStatsService();
    stats.recordAllowed();
    stats.recordAllowed();
    stats.recordRejected('bearer:super-secret-token');
    stats.recordRejected('bearer:super-secret-token');
    stats.recordRejected('basic:pk-1');
    const snapshot = stats.snapshot();
    expect(snapshot.total_allowed).toBe(2);
    expect(snapshot.total_rejected).toBe(3);
    expect(snapshot.rejection_rate).toBeCloseTo(0.6);
    expect(snapshot.top_rejected_tokens).toEqual([
      { token: maskKey('bearer:super-secret-token'), count: 2 },
      { token: 'basic:pk-1', count: 1 },
    ]);
    expect(JSON.stringify(snapshot)).not.toContain('super');
  });

  it('masks bearer tokens to 8 characters that are no prefix of the token', () => {
    const masked = maskKey('bearer:abcdefghijkl');
    expect(masked).toMatch(/^bearer:[0-9a-f]{8}\*\*\*$/);
    expect(masked).not.toContain('abcd');
    expect(maskKey('anonymous')).toBe('anonymous');
  });

  it('reports a rejection rate of 0 without traffic', () => {
    expect(new RateLimitStatsService().snapshot().rejection_rate).toBe(0);
  });
});
