import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';

export interface RateLimitStats {
  total_allowed: number;
  total_rejected: number;
  rejection_rate: number;
  top_rejected_tokens: { token: string; count: number }[];
}

/** Counters behind /api/internal/rate_limit_stats (this instance's traffic). */
@Injectable()
export class RateLimitStatsService {
  private allowed = 0;
  private rejected = 0;
  private readonly rejectedByKey = new Map<string, number>();

  recordAllowed(): void {
    this.allowed++;
  }

  recordRejected(key: string): void {
    this.rejected++;
    const masked = maskKey(key);
    this.rejectedByKey.set(masked, (this.rejectedByKey.get(masked) ?? 0) + 1);
  }

  snapshot(): RateLimitStats {
    const total = this.allowed + this.rejected;
    return {
      total_allowed: this.allowed,
      total_rejected: this.rejected,
      rejection_rate: total === 0 ? 0 : this.rejected / total,
      top_rejected_tokens: [...this.rejectedByKey]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 20)
        .map(([token, count]) => ({ token, count })),
    };
  }
}

/**
 * Bearer tokens are secrets. The original showed their first 8 characters; xtrace shows
 * 8 hex characters of their SHA-256 instead, in the same shape, so no prefix of a token leaks.
 */
export function maskKey(key: string): string {
  if (!key.startsWith('bearer:')) return key;
  const fingerprint = createHash('sha256').update(key.slice('bearer:'.length)).digest('hex').slice(0, 8);
  return `bearer:${fingerprint}***`;
}
