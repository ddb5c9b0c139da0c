import { computeCost } from './cost-calculator.js';
import { canonicalPrices } from './model-matching.js';
import { collectUsage } from './usage-keys.js';

const gpt = canonicalPrices({ input: 0.0000025, output: 0.00001, input_cached_tokens: 0.00000125 });

describe('computeCost', () => {
  it('prices input and output', () => {
    const cost = computeCost(collectUsage({ input: 1000, output: 200, total: 1200 }), gpt)!;
    expect(cost.inputCost).toBeCloseTo(1000 * 0.0000025, 15);
    expect(cost.outputCost).toBeCloseTo(200 * 0.00001, 15);
    expect(cost.totalCost).toBeCloseTo(1000 * 0.0000025 + 200 * 0.00001, 15);
    expect(Object.keys(cost.costDetails).sort()).toEqual(['input', 'output', 'total']);
  });

  it('prices a detail with its own price under the key the client used, on its side of the bill', () => {
    const cost = computeCost(collectUsage({ prompt_tokens: 800, completion_tokens: 50, cache_read_input_tokens: 200 }), gpt)!;
    const cached = 200 * 0.00000125;
    expect(cost.costDetails.cache_read_input_tokens).toBeCloseTo(cached, 15);
    expect(cost.costDetails.input).toBeCloseTo(800 * 0.0000025, 15);
    expect(cost.inputCost).toBeCloseTo(800 * 0.0000025 + cached, 15);
    expect(cost.outputCost).toBeCloseTo(50 * 0.00001, 15);
    expect(cost.costDetails.total).toBeCloseTo(cost.inputCost! + cost.outputCost!, 15);
  });

  it('prices a detail without its own price at the price of its side', () => {
    const cost = computeCost(collectUsage({ input: 10, output: 10, output_reasoning_tokens: 30 }), gpt)!;
    expect(cost.costDetails.output_reasoning_tokens).toBeCloseTo(30 * 0.00001, 15);
    expect(cost.outputCost).toBeCloseTo(40 * 0.00001, 15);
  });

  it('leaves usage types on neither side without a price out of the bill', () => {
    const cost = computeCost(collectUsage({ input: 10, web_search_queries: 3 }), gpt)!;
    expect(cost.costDetails).not.toHaveProperty('web_search_queries');
    expect(cost.totalCost).toBeCloseTo(10 * 0.0000025, 15);
    const search = computeCost(collectUsage({ input: 10, web_search_queries: 3 }), canonicalPrices({ input: 1e-6, web_search_queries: 0.014 }))!;
    expect(search.totalCost).toBeCloseTo(10 * 1e-6 + 3 * 0.014, 15);
    expect(search.inputCost).toBeCloseTo(10 * 1e-6, 15);
    expect(search.outputCost).toBe(0);
  });

  it('prices total units when the model has only a total price', () => {
    const embedding = canonicalPrices({ total: 2e-8 });
    expect(computeCost(collectUsage({ input: 500, total: 500 }), embedding)).toEqual({
      inputCost: null,
      outputCost: null,
      totalCost: 500 * 2e-8,
      costDetails: { total: 500 * 2e-8 },
    });
    expect(computeCost(collectUsage({ input: 300, output: 200 }), embedding)!.totalCost).toBeCloseTo(500 * 2e-8, 20);
  });

  it('returns nothing when no usage has a price', () => {
    expect(computeCost(collectUsage({ images: 2 }), gpt)).toBeUndefined();
    expect(computeCost(collectUsage({}), gpt)).toBeUndefined();
  });

  it('costs zero usage at zero', () => {
    expect(computeCost(collectUsage({ input: 0, output: 0 }), gpt)).toEqual({
      inputCost: 0,
      outputCost: 0,
      totalCost: 0,
      costDetails: { input: 0, output: 0, total: 0 },
    });
  });
});
