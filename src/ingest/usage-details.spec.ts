import { flattenUsageDetails, normalizeCost, normalizeUsage, UsageShapeError } from './usage-details.js';

describe('normalizeUsage', () => {
  it('reads the v3 SDK usage shape with unit and keeps input/output/total', () => {
    expect(normalizeUsage({ input: 11, output: 7, total: 18, unit: 'TOKENS', inputCost: 0.1 }, undefined)).toEqual({
      promptTokens: 11,
      completionTokens: 7,
      totalTokens: 18,
      usageDetails: { input: 11, output: 7, total: 18 },
      unit: 'TOKENS',
    });
  });

  it('reads the OpenAI-style camelCase usage and derives total when absent', () => {
    expect(normalizeUsage({ promptTokens: 3, completionTokens: 4 }, undefined)).toMatchObject({
      promptTokens: 3,
      completionTokens: 4,
      totalTokens: 7,
      usageDetails: { input: 3, output: 4, total: 7 },
    });
  });

  it('prefers usageDetails and keeps every detail key', () => {
    const usage = normalizeUsage({ input: 1, output: 1 }, { input: 11, output: 7, cache_read_input_tokens: 2 });
    expect(usage).toMatchObject({ promptTokens: 11, completionTokens: 7, totalTokens: 18 });
    expect(usage.usageDetails).toEqual({ input: 11, output: 7, total: 18, cache_read_input_tokens: 2 });
  });

  it('flattens OpenAI chat usage with token details', () => {
    const usage = normalizeUsage(undefined, {
      prompt_tokens: 20,
      completion_tokens: 10,
      total_tokens: 30,
      prompt_tokens_details: { cached_tokens: 5, audio_tokens: null },
      completion_tokens_details: { reasoning_tokens: 4 },
    });
    // OpenAI counts the details inside prompt/completion tokens; the buckets are made separate.
    expect(usage).toMatchObject({ promptTokens: 15, completionTokens: 6, totalTokens: 30 });
    expect(usage.usageDetails).toEqual({
      input: 15,
      output: 6,
      total: 30,
      input_cached_tokens: 5,
      output_reasoning_tokens: 4,
    });
  });

  it('flattens OpenAI Responses usage', () => {
    const usage = normalizeUsage(undefined, {
      input_tokens: 8,
      output_tokens: 2,
      input_tokens_details: { cached_tokens: 1 },
      output_tokens_details: { reasoning_tokens: 1 },
    });
    expect(usage.usageDetails).toEqual({ input: 7, output: 1, total: 10, input_cached_tokens: 1, output_reasoning_tokens: 1 });
  });

  it('rounds fractional token counts for the integer columns but keeps the map as sent', () => {
    const usage = normalizeUsage(undefined, { input: 2.6, output: 1 });
    expect(usage.promptTokens).toBe(3);
    expect(usage.usageDetails?.input).toBe(2.6);
  });

  it('returns no token numbers when nothing was sent', () => {
    expect(normalizeUsage(undefined, undefined)).toEqual({ unit: undefined });
    expect(normalizeUsage({ unit: 'CHARACTERS' }, null)).toEqual({ unit: 'CHARACTERS' });
  });

  it('rejects usage that is not numbers', () => {
    expect(() => normalizeUsage(undefined, { input: 'many' })).toThrow(UsageShapeError);
    expect(() => normalizeUsage(undefined, [1, 2])).toThrow('usageDetails must be an object of numbers');
    expect(() => normalizeUsage('lots', undefined)).toThrow('usage must be an object');
  });

  it('lets an explicit Langfuse key beat its OpenAI alias', () => {
    expect(flattenUsageDetails({ input: 5, prompt_tokens: 9 })).toEqual({ input: 5 });
  });
});

describe('normalizeCost', () => {
  it('reads costDetails and keeps extra keys', () => {
    expect(normalizeCost({ input: 0.0011, output: 0.0014, total: 0.0025, cache_read: 0.0001 }, undefined)).toEqual({
      calculatedInputCost: 0.0011,
      calculatedOutputCost: 0.0014,
      calculatedTotalCost: 0.0025,
      costDetails: { input: 0.0011, output: 0.0014, total: 0.0025, cache_read: 0.0001 },
    });
  });

  it('falls back to the costs of the v3 usage object and sums a missing total', () => {
    expect(normalizeCost(undefined, { inputCost: 1, outputCost: 2 })).toEqual({
      calculatedInputCost: 1,
      calculatedOutputCost: 2,
      calculatedTotalCost: 3,
      costDetails: { input: 1, output: 2, total: 3 },
    });
  });

  it('returns nothing when no cost was sent', () => {
    expect(normalizeCost(undefined, { input: 3 })).toEqual({});
  });
});

describe('token counts the database could not hold', () => {
  it('are refused, not passed on to fail a shared transaction', () => {
    expect(() => normalizeUsage(undefined, { input: 1e300 })).toThrow(UsageShapeError);
    expect(() => normalizeUsage({ promptTokens: -3 }, undefined)).toThrow(UsageShapeError);
    expect(normalizeUsage(undefined, { input: Number.MAX_SAFE_INTEGER, output: 0 }).promptTokens).toBe(Number.MAX_SAFE_INTEGER);
  });
});
