export interface TokenCounts {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
}

function count(value: unknown): number | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 0 ? (value as number) : undefined;
}

/**
 * Token counts read from a `usage` object, Langfuse style (`input`, `output`, `total`) or
 * OpenAI style (`promptTokens`, `completionTokens`, `totalTokens`). Values that are not
 * non-negative integers are ignored.
 */
export function tokensFromUsage(usage: unknown): TokenCounts {
  if (typeof usage !== 'object' || usage === null || Array.isArray(usage)) return {};
  const fields = usage as Record<string, unknown>;
  return {
    promptTokens: count(fields.input) ?? count(fields.promptTokens),
    completionTokens: count(fields.output) ?? count(fields.completionTokens),
    totalTokens: count(fields.total) ?? count(fields.totalTokens),
  };
}

/**
 * Fills the counts a write did not carry from `usage`; the total defaults to prompt +
 * completion when both are known.
 */
export function completeTokenCounts(sent: TokenCounts, usage: unknown): TokenCounts {
  const fromUsage = tokensFromUsage(usage);
  const promptTokens = sent.promptTokens ?? fromUsage.promptTokens;
  const completionTokens = sent.completionTokens ?? fromUsage.completionTokens;
  const totalTokens =
    sent.totalTokens ??
    fromUsage.totalTokens ??
    (promptTokens !== undefined && completionTokens !== undefined ? promptTokens + completionTokens : undefined);
  return { promptTokens, completionTokens, totalTokens };
}
