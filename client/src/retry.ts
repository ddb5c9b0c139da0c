export interface RetryOptions {
  /** Retries after the first attempt; 0 turns retrying off. Default 3. */
  maxRetries: number;
  /** Backoff ceiling before the first retry, in ms; it doubles on every retry. Default 250. */
  initialDelayMs: number;
  /** Largest backoff ceiling, in ms. Default 8000. */
  maxDelayMs: number;
  /**
   * Longest `Retry-After` the client waits for, in ms. A server asking for more is
   * answered by throwing at once rather than hanging the caller. Default 60000.
   */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxRetries: 3,
  initialDelayMs: 250,
  maxDelayMs: 8000,
  maxRetryAfterMs: 60_000,
};

/** Answers that mean "try again later": rate limit, and the gateway/overload family. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 502, 503, 504]);

/**
 * Backoff before retry number `retry` (1-based): exponential ceiling
 * `initialDelayMs * 2^(retry-1)` capped at `maxDelayMs`, then "equal jitter" (half the ceiling
 * fixed, half random) so a crowd of clients spreads out but every client still backs off.
 */
export function backoffDelayMs(retry: number, options: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.initialDelayMs * 2 ** Math.max(0, retry - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * The wait before the next attempt, or `undefined` to give up. A `Retry-After` from the server
 * wins over the backoff (plus a little jitter so clients told the same second do not return
 * in lockstep); one longer than `maxRetryAfterMs` gives up.
 */
export function retryDelayMs(
  retry: number,
  retryAfterMs: number | undefined,
  options: RetryOptions,
  random: () => number = Math.random,
): number | undefined {
  if (retry > options.maxRetries) return undefined;
  if (retryAfterMs === undefined) return backoffDelayMs(retry, options, random);
  if (retryAfterMs > options.maxRetryAfterMs) return undefined;
  return retryAfterMs + random() * Math.min(options.initialDelayMs, 1000);
}

/**
 * `Retry-After` as milliseconds from `nowMs`: delta-seconds (`"2"`) or an HTTP date
 * (`"Wed, 21 Oct 2026 07:28:00 GMT"`). Dates in the past mean "now"; garbage means "not given".
 */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // HTTP dates always name a month; this keeps Date.parse's leniency ("1.5") out.
  const date = /[A-Za-z]/.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
