import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalPrices, compilePattern } from './model-matching.js';
import { canonicalUsageKey } from './usage-keys.js';

interface PriceList {
  retrievedAt: string;
  sources: { providers: string[]; source: string }[];
  models: { id: string; modelName: string; matchPattern: string; startDate: string | null; unit: string; prices: Record<string, number> }[];
}

// The seed migration's data file (jest runs from the repository root).
const list = JSON.parse(readFileSync(join(process.cwd(), 'migrations/data/model-prices.json'), 'utf8')) as PriceList;

describe('the built-in price list', () => {
  it('names its sources and date', () => {
    expect(list.retrievedAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(list.sources.flatMap((source) => source.providers).sort()).toEqual(['anthropic', 'google', 'mistral', 'openai']);
  });

  it('has unique ids, valid patterns and canonical, non-negative prices', () => {
    expect(new Set(list.models.map((model) => model.id)).size).toBe(list.models.length);
    for (const model of list.models) {
      expect(() => compilePattern(model.matchPattern)).not.toThrow();
      expect(compilePattern(model.matchPattern).test(model.modelName)).toBe(true);
      expect(model.unit).toBe('TOKENS');
      expect(Object.keys(model.prices).length).toBeGreaterThan(0);
      for (const [key, price] of Object.entries(model.prices)) {
        expect(canonicalUsageKey(key)).toBe(key);
        expect(price).toBeGreaterThanOrEqual(0);
      }
      expect(() => canonicalPrices(model.prices)).not.toThrow();
    }
  });

  it('prices each common model name with exactly one row', () => {
    for (const name of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1', 'o3', 'gpt-5', 'claude-sonnet-4-5', 'claude-opus-4-1', 'gemini-2.5-flash', 'mistral-small-latest']) {
      const matches = list.models.filter((model) => compilePattern(model.matchPattern).test(name));
      expect(matches.map((model) => model.id)).toHaveLength(1);
    }
  });
});
