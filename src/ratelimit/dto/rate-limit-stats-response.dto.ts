export class RejectedTokenDto {
  /** `bearer:<8 hex of the token's SHA-256>***`, `basic:<publicKey>` or `anonymous`. */
  token: string;
  count: number;
}

export class RateLimitStatsResponseDto {
  rate_limit_qps: number;
  rate_limit_burst: number;
  total_allowed: number;
  total_rejected: number;
  /** total_rejected / (total_allowed + total_rejected); 0 without traffic. */
  rejection_rate: number;
  /** Top 20 credentials by rejections. */
  top_rejected_tokens: RejectedTokenDto[];
}
