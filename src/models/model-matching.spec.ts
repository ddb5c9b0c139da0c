import { canonicalPrices, compilePattern, compilePriceRow, ModelMatcher, type PriceRow } from './model-matching.js';

function row(overrides: Partial<PriceRow> & Pick<PriceRow, 'id'>): PriceRow {
  return {
    projectId: null,
    matchPattern: '(?i)^(openai/)?(gpt-4o)$',
    startDate: null,
    unit: 'TOKENS',
    prices: { input: 1, output: 2 },
    createdAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

const at = new Date('2026-06-01T00:00:00Z');

describe('compilePattern', () => {
  it('matches case-insensitively and accepts the (?i) prefix', () => {
    expect(compilePattern('(?i)^(openai/)?(gpt-4o)$').test('OpenAI/GPT-4o')).toBe(true);
    expect(compilePattern('^gpt-4o$').test('GPT-4O')).toBe(true);
    expect(compilePattern('^gpt-4o$').test('gpt-4o-mini')).toBe(false);
  });

  it('throws on an invalid pattern', () => {
    expect(() => compilePattern('(unclosed')).toThrow();
  });
});

describe('canonicalPrices', () => {
  it('keys prices by usage type', () => {
    expect(Object.fromEntries(canonicalPrices({ input_cached_tokens: 1, cache_read_input_tokens: 1, input: 2 }))).toEqual({
      input_cache_read: 1,
      input: 2,
    });
  });

  it('rejects two keys that price one usage type differently', () => {
    expect(() => canonicalPrices({ input_cached_tokens: 1, cache_read_input_tokens: 2 })).toThrow(/input_cache_read/);
  });
});

describe('ModelMatcher', () => {
  it('finds the row whose pattern matches the model', () => {
    const matcher = new ModelMatcher([
      compilePriceRow(row({ id: 'mini', matchPattern: '^gpt-4o-mini$' })),
      compilePriceRow(row({ id: '4o' })),
    ]);
    expect(matcher.match('p1', 'gpt-4o', at)?.id).toBe('4o');
    expect(matcher.match('p1', 'GPT-4o-MINI', at)?.id).toBe('mini');
    expect(matcher.match('p1', 'claude', at)).toBeUndefined();
  });

  it('takes the newest start date not after the observation start', () => {
    const matcher = new ModelMatcher([
      compilePriceRow(row({ id: 'old' })),
      compilePriceRow(row({ id: 'may', startDate: new Date('2026-05-01T00:00:00Z') })),
      compilePriceRow(row({ id: 'july', startDate: new Date('2026-07-01T00:00:00Z') })),
    ]);
    expect(matcher.match('p1', 'gpt-4o', at)?.id).toBe('may');
    expect(matcher.match('p1', 'gpt-4o', new Date('2026-07-01T00:00:00Z'))?.id).toBe('july');
    expect(matcher.match('p1', 'gpt-4o', new Date('2026-04-30T23:59:59Z'))?.id).toBe('old');
  });

  it("prefers the project's own row over a built-in one, but never another project's", () => {
    const matcher = new ModelMatcher([
      compilePriceRow(row({ id: 'built-in', startDate: new Date('2026-05-01T00:00:00Z') })),
      compilePriceRow(row({ id: 'mine', projectId: 'p1' })),
      compilePriceRow(row({ id: 'theirs', projectId: 'p2', startDate: new Date('2026-05-15T00:00:00Z') })),
    ]);
    expect(matcher.match('p1', 'gpt-4o', at)?.id).toBe('mine');
    expect(matcher.match('p2', 'gpt-4o', at)?.id).toBe('theirs');
    expect(matcher.match('p3', 'gpt-4o', at)?.id).toBe('built-in');
  });

  it('falls back to a built-in row when the project row starts later', () => {
    const matcher = new ModelMatcher([
      compilePriceRow(row({ id: 'built-in' })),
      compilePriceRow(row({ id: 'mine', projectId: 'p1', startDate: new Date('2026-07-01T00:00:00Z') })),
    ]);
    expect(matcher.match('p1', 'gpt-4o', at)?.id).toBe('built-in');
  });

  it('prefers the newer row among equal start dates', () => {
    const matcher = new ModelMatcher([
      compilePriceRow(row({ id: 'a', projectId: 'p1', createdAt: new Date('2026-01-01T00:00:00Z') })),
      compilePriceRow(row({ id: 'b', projectId: 'p1', createdAt: new Date('2026-02-01T00:00:00Z') })),
    ]);
    expect(matcher.match('p1', 'gpt-4o', at)?.id).toBe('b');
  });

  it('skips rows of another unit when the observation names its unit', () => {
    const matcher = new ModelMatcher([
      compilePriceRow(row({ id: 'chars', unit: 'CHARACTERS', projectId: 'p1' })),
      compilePriceRow(row({ id: 'tokens' })),
    ]);
    expect(matcher.match('p1', 'gpt-4o', at, 'TOKENS')?.id).toBe('tokens');
    expect(matcher.match('p1', 'gpt-4o', at, 'characters')?.id).toBe('chars');
    expect(matcher.match('p1', 'gpt-4o', at)?.id).toBe('chars');
  });

  it('never matches overlong model names', () => {
    const matcher = new ModelMatcher([compilePriceRow(row({ id: 'any', matchPattern: '.*' }))]);
    expect(matcher.match('p1', 'x'.repeat(257), at)).toBeUndefined();
    expect(matcher.match('p1', 'x'.repeat(256), at)?.id).toBe('any');
  });
});
