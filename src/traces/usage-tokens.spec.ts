import { completeTokenCounts, tokensFromUsage } from './usage-tokens.js';

describe('token counts from usage', () => {
  it('reads Langfuse and OpenAI style usage', () => {
    expect(tokensFromUsage({ input: 3, output: 4, total: 9 })).toEqual({ promptTokens: 3, completionTokens: 4, totalTokens: 9 });
    expect(tokensFromUsage({ promptTokens: 1, completionTokens: 2, totalTokens: 3 })).toEqual({
      promptTokens: 1,
      completionTokens: 2,
      totalTokens: 3,
    });
  });

  it('ignores what is not a count', () => {
    expect(tokensFromUsage({ input: -1, output: 1.5, total: '7' })).toEqual({});
    expect(tokensFromUsage('lots')).toEqual({});
    expect(tokensFromUsage([1, 2])).toEqual({});
    expect(tokensFromUsage(null)).toEqual({});
  });

  it('fills only the counts that were not sent, and totals prompt + completion', () => {
    expect(completeTokenCounts({ promptTokens: 10 }, { input: 3, output: 4 })).toEqual({
      promptTokens: 10,
      completionTokens: 4,
      totalTokens: 14,
    });
    expect(completeTokenCounts({}, { input: 3 })).toEqual({ promptTokens: 3 });
    expect(completeTokenCounts({ totalTokens: 1 }, { input: 3, output: 4 }).totalTokens).toBe(1);
  });
});
