import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';
import { gcra } from './gcra.js';

export interface GcraRecord {
  totalHits: number;
  timeToExpire: number;
  isBlocked: boolean;
  timeToBlockExpire: number;
}

/** Maps a GCRA decision onto the throttler's record (limit = burst). */
function toRecord(allowed: boolean, remaining: number, retryAfterMs: number, burst: number, qps: number): GcraRecord {
  return {
    totalHits: burst - remaining,
    timeToExpire: Math.ceil(((burst - remaining) * 1000) / qps / 1000),
    isBlocked: !allowed,
    timeToBlockExpire: Math.max(1, Math.floor(retryAfterMs / 1000)),
  };
}

/** GCRA in process memory: one instance's budget. */
export class MemoryGcraStorage implements ThrottlerStorage {
  private readonly tats = new Map<string, number>();

  constructor(
    private readonly qps: number,
    private readonly burst: number,
  ) {}

  async increment(key: string): Promise<GcraRecord> {
    const now = Date.now();
    const decision = gcra(this.tats.get(key) ?? 0, now, this.qps, this.burst);
    this.tats.set(key, decision.tat);
    if (this.tats.size > 100_000) this.evictIdle(now);
    return toRecord(decision.allowed, decision.remaining, decision.retryAfterMs, this.burst, this.qps);
  }

  // A key whose tat has passed is a full bucket: forgetting it changes nothing.
  private evictIdle(now: number): void {
    for (const [key, tat] of this.tats) if (tat <= now) this.tats.delete(key);
  }
}

// The same step as gcra.ts, atomically in Redis, on the Redis clock so instances agree.
const GCRA_SCRIPT = `
local interval = tonumber(ARGV[1])
local capacity = interval * tonumber(ARGV[2])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
local newTat = math.max(tat, now) + interval
local backlog = newTat - now
if backlog > capacity then
  return {0, 0, tostring(backlog - capacity)}
end
redis.call('SET', KEYS[1], tostring(newTat), 'PX', math.ceil(backlog) + 1000)
return {1, math.floor((capacity - backlog) / interval), '0'}
`;

/** GCRA in Redis: several xtrace instances share one budget per credential. */
export class RedisGcraStorage implements ThrottlerStorage {
  constructor(
    private readonly redis: Redis,
    private readonly qps: number,
    private readonly burst: number,
  ) {}

  async increment(key: string): Promise<GcraRecord> {
    const [allowed, remaining, retryAfterMs] = (await this.redis.eval(
      GCRA_SCRIPT,
      1,
      `xtrace:ratelimit:${key}`,
      String(1000 / this.qps),
      String(this.burst),
    )) as [number, number, string];
    return toRecord(allowed === 1, remaining, Number(retryAfterMs), this.burst, this.qps);
  }
}
