import { DEFAULT_RETRY_OPTIONS, type RetryOptions, backoffDelayMs, parseRetryAfterMs, retryDelayMs } from './retry.js';

const options: RetryOptions = { maxRetries: 5, initialDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 30_000 };

describe('backoffDelayMs', () => {
  it('doubles the ceiling on every retry and caps it at maxDelayMs', () => {
    const highest = (retry: number) => backoffDelayMs(retry, options, () => 1);
    expect([1, 2, 3, 4, 5, 6].map(highest)).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('keeps half of the ceiling fixed and jitters the other half', () => {
    expect(backoffDelayMs(3, options, () => 0)).toBe(200);
    expect(backoffDelayMs(3, options, () => 0.5)).toBe(300);
    expect(backoffDelayMs(3, options, () => 0.999)).toBeCloseTo(399.8, 5);
  });
});

describe('retryDelayMs', () => {
  it('gives up after maxRetries', () => {
    expect(retryDelayMs(5, undefined, options, () => 0)).toBe(500);
    expect(retryDelayMs(6, undefined, options)).toBeUndefined();
    expect(retryDelayMs(1, undefined, { ...options, maxRetries: 0 })).toBeUndefined();
  });

  it('waits at least what Retry-After asks, with at most initialDelayMs of jitter', () => {
    expect(retryDelayMs(1, 2000, options, () => 0)).toBe(2000);
    expect(retryDelayMs(1, 2000, options, () => 1)).toBe(2100);
  });

  it('gives up when Retry-After exceeds maxRetryAfterMs instead of hanging', () => {
    expect(retryDelayMs(1, 30_001, options)).toBeUndefined();
    expect(retryDelayMs(1, 30_000, options, () => 0)).toBe(30_000);
  });

  it('has defaults that retry three times within a few seconds', () => {
    const total = [1, 2, 3].reduce((sum, retry) => sum + retryDelayMs(retry, undefined, DEFAULT_RETRY_OPTIONS, () => 1)!, 0);
    expect(total).toBe(250 + 500 + 1000);
    expect(retryDelayMs(4, undefined, DEFAULT_RETRY_OPTIONS)).toBeUndefined();
  });
});

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-11-21T08:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfterMs('0', now)).toBe(0);
    expect(parseRetryAfterMs(' 3 ', now)).toBe(3000);
  });

  it('reads an HTTP date relative to now, past dates meaning now', () => {
    expect(parseRetryAfterMs('Sat, 21 Nov 2026 08:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfterMs('Sat, 21 Nov 2026 07:59:00 GMT', now)).toBe(0);
  });

  it('ignores absent and malformed values', () => {
    expect(parseRetryAfterMs(null, now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs('1.5', now)).toBeUndefined();
    expect(parseRetryAfterMs('-1', now)).toBeUndefined();
  });
});
