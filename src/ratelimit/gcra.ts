/** State and outcome of the generic cell rate algorithm (a token bucket in one timestamp). */
export interface GcraDecision {
  allowed: boolean;
  /** Requests still allowed right now. */
  remaining: number;
  /** Milliseconds until one more request would be allowed (0 when allowed). */
  retryAfterMs: number;
  /** The new theoretical arrival time to store (ms). */
  tat: number;
}

/**
 * One GCRA step: a sustained `qps` with bursts of up to `burst` requests.
 * `tat` is the stored theoretical arrival time in ms (0 when the key is new).
 */
export function gcra(tat: number, nowMs: number, qps: number, burst: number): GcraDecision {
  const interval = 1000 / qps;
  const capacity = interval * burst;
  const newTat = Math.max(tat, nowMs) + interval;
  const backlog = newTat - nowMs;
  if (backlog > capacity) {
    return { allowed: false, remaining: 0, retryAfterMs: backlog - capacity, tat };
  }
  return { allowed: true, remaining: Math.floor((capacity - backlog) / interval), retryAfterMs: 0, tat: newTat };
}
