import { canonicalUsageKey, collectUsage, usageSide } from './usage-keys.js';

describe('canonicalUsageKey', () => {
  it.each([
    ['input', 'input'],
    ['prompt_tokens', 'input'],
    ['promptTokens', 'input'],
    ['input_tokens', 'input'],
    ['promptTokenCount', 'input'],
    ['gen_ai.usage.input_tokens', 'input'],
    ['completion_tokens', 'output'],
    ['output_tokens', 'output'],
    ['candidatesTokenCount', 'output'],
    ['total_tokens', 'total'],
    ['totalTokens', 'total'],
    ['input_cached_tokens', 'input_cache_read'],
    ['input_cache_read', 'input_cache_read'],
    ['cache_read_input_tokens', 'input_cache_read'],
    ['cached_tokens', 'input_cache_read'],
    ['prompt_tokens_details.cached_tokens', 'input_cache_read'],
    ['input_tokens_details.cached_tokens', 'input_cache_read'],
    ['gen_ai.usage.cache_read.input_tokens', 'input_cache_read'],
    ['cachedContentTokenCount', 'input_cache_read'],
    ['cache_creation_input_tokens', 'input_cache_creation'],
    ['input_cache_creation', 'input_cache_creation'],
    ['gen_ai.usage.cache_creation.input_tokens', 'input_cache_creation'],
    ['reasoning_tokens', 'output_reasoning'],
    ['output_reasoning_tokens', 'output_reasoning'],
    ['completion_tokens_details.reasoning_tokens', 'output_reasoning'],
    ['thoughtsTokenCount', 'output_reasoning'],
    ['input_audio_tokens', 'input_audio'],
    ['prompt_tokens_details.audio_tokens', 'input_audio'],
    ['output_audio_tokens', 'output_audio'],
    ['input_cache_creation_1h', 'input_cache_creation_1h'],
    ['web_search_queries', 'web_search_queries'],
    ['Images', 'images'],
  ])('%s → %s', (key, canonical) => {
    expect(canonicalUsageKey(key)).toBe(canonical);
  });
});

describe('usageSide', () => {
  it('puts input_* on the input side, output_* on the output side, anything else on neither', () => {
    expect(usageSide('input')).toBe('input');
    expect(usageSide('input_cache_read')).toBe('input');
    expect(usageSide('output_reasoning')).toBe('output');
    expect(usageSide('total')).toBeUndefined();
    expect(usageSide('web_search_queries')).toBeUndefined();
    expect(usageSide('inputs')).toBeUndefined();
  });
});

describe('collectUsage', () => {
  it('takes one amount per usage type, earlier sources first', () => {
    const usage = collectUsage({ input: 80, cache_read_input_tokens: 20 }, { input: 100, output: 7 });
    expect(Object.fromEntries(usage)).toEqual({
      input: { key: 'input', units: 80 },
      input_cache_read: { key: 'cache_read_input_tokens', units: 20 },
      output: { key: 'output', units: 7 },
    });
  });

  it('prefers a canonically spelled key over an alias in the same source', () => {
    const usage = collectUsage({ prompt_tokens: 100, input: 90 });
    expect(usage.get('input')).toEqual({ key: 'input', units: 90 });
  });

  it('flattens nested detail objects and ignores labels, costs, negatives and non-numbers', () => {
    const usage = collectUsage({
      prompt_tokens: 10,
      prompt_tokens_details: { cached_tokens: 4 },
      unit: 'TOKENS',
      inputCost: 1,
      totalCost: 2,
      output: -1,
      total: '12',
    });
    expect(Object.fromEntries(usage)).toEqual({
      input: { key: 'prompt_tokens', units: 10 },
      input_cache_read: { key: 'prompt_tokens_details.cached_tokens', units: 4 },
    });
  });

  it('is empty for absent sources', () => {
    expect(collectUsage(null, undefined, {}).size).toBe(0);
  });
});
