import { compilePriceRow, ModelMatcher } from './model-matching.js';
import {
  affectsCost,
  carriesClientCost,
  clientCostColumns,
  costChanged,
  planWrite,
  priceObservation,
  type ObservationCostWrite,
  type StoredObservationCost,
} from './observation-cost.js';

const matcher = new ModelMatcher([
  compilePriceRow({
    id: 'gpt',
    projectId: null,
    matchPattern: '^gpt-x$',
    startDate: null,
    unit: 'TOKENS',
    prices: { input: 0.001, output: 0.002, input_cached_tokens: 0.0005 },
    createdAt: new Date('2026-01-01T00:00:00Z'),
  }),
]);

function stored(overrides: Partial<StoredObservationCost>): StoredObservationCost {
  return {
    id: 'o1',
    model: 'gpt-x',
    unit: null,
    startedAt: new Date('2026-03-01T00:00:00Z'),
    usageDetails: null,
    usage: null,
    promptTokens: null,
    completionTokens: null,
    totalTokens: null,
    modelId: null,
    inputCost: null,
    outputCost: null,
    totalCost: null,
    costDetails: null,
    costSource: null,
    ...overrides,
  };
}

describe('carriesClientCost / affectsCost', () => {
  it('sees a client cost in any cost field, but not in an empty cost map', () => {
    expect(carriesClientCost({ id: 'o', calculatedTotalCost: 0 })).toBe(true);
    expect(carriesClientCost({ id: 'o', costDetails: { input: 1 } })).toBe(true);
    expect(carriesClientCost({ id: 'o', costDetails: {} })).toBe(false);
    expect(carriesClientCost({ id: 'o', usage: { input: 1 } })).toBe(false);
  });

  it('reprices only writes that carry what a cost depends on', () => {
    expect(affectsCost({ id: 'o' })).toBe(false);
    expect(affectsCost({ id: 'o', model: 'gpt-x' })).toBe(true);
    expect(affectsCost({ id: 'o', startTime: new Date() })).toBe(true);
    expect(affectsCost({ id: 'o', promptTokens: 3 })).toBe(true);
    expect(affectsCost({ id: 'o', usageDetails: { input: 3 } })).toBe(true);
  });

  it('takes the client costs as sent, absent ones as null', () => {
    expect(clientCostColumns({ id: 'o', calculatedTotalCost: 2 })).toEqual({
      id: 'o',
      modelId: null,
      inputCost: null,
      outputCost: null,
      totalCost: 2,
      costDetails: null,
    });
  });
});

describe('priceObservation', () => {
  it('prices the usage-details map first, then token columns, then the raw usage object', () => {
    const { planned } = priceObservation(
      'p',
      stored({ usageDetails: { input: 10, input_cached_tokens: 4 }, completionTokens: 5, usage: { input: 999, output: 999 } }),
      matcher,
    );
    expect(planned).toMatchObject({ modelId: 'gpt', costSource: 'computed' });
    expect(planned!.inputCost).toBeCloseTo(10 * 0.001 + 4 * 0.0005, 15);
    expect(planned!.outputCost).toBeCloseTo(5 * 0.002, 15);
    expect(planned!.costDetails).toEqual({
      input: planned!.costDetails!.input,
      input_cached_tokens: planned!.costDetails!.input_cached_tokens,
      output: planned!.costDetails!.output,
      total: planned!.totalCost,
    });
  });

  it('does nothing without usage', () => {
    expect(priceObservation('p', stored({}), matcher)).toEqual({ priceable: false, planned: undefined });
  });

  it('clears computed costs when no model prices the observation any more, and leaves other rows alone', () => {
    const gone = stored({ model: 'gpt-y', promptTokens: 1, costSource: 'computed', modelId: 'old', totalCost: 1 });
    expect(priceObservation('p', gone, matcher)).toEqual({
      priceable: true,
      planned: { id: 'o1', modelId: null, inputCost: null, outputCost: null, totalCost: null, costDetails: null, costSource: null },
    });
    expect(priceObservation('p', stored({ model: 'gpt-y', promptTokens: 1 }), matcher)).toEqual({ priceable: true, planned: undefined });
  });
});

describe('costChanged', () => {
  const base = { id: 'o', modelId: 'm', inputCost: 1, outputCost: 2, totalCost: 3, costDetails: { input: 1, output: 2, total: 3 }, costSource: 'computed' as const };

  it('is false for the same values, whatever the key order of the details', () => {
    expect(costChanged(base, { ...base, costDetails: { total: 3, output: 2, input: 1 } })).toBe(false);
  });

  it('is true when any cost column differs', () => {
    expect(costChanged(base, { ...base, totalCost: 4 })).toBe(true);
    expect(costChanged(base, { ...base, modelId: 'n' })).toBe(true);
    expect(costChanged(base, { ...base, costDetails: { input: 1, output: 2 } })).toBe(true);
    expect(costChanged(base, { ...base, costDetails: null })).toBe(true);
    expect(costChanged({ ...base, costSource: null }, base)).toBe(true);
  });
});

describe('planWrite', () => {
  const now = new Date('2026-03-01T00:00:00Z');

  it('attaches computed costs to a new row, so the upsert stores them', () => {
    const { row, correction, clientTransition } = planWrite<ObservationCostWrite>('p', { id: 'o1', model: 'gpt-x', usageDetails: { input: 10, output: 1 } }, undefined, matcher, now);
    expect(correction).toBeUndefined();
    expect(clientTransition).toBeUndefined();
    expect(row).toMatchObject({ id: 'o1', modelId: 'gpt', costSource: 'computed', calculatedInputCost: 10 * 0.001 });
    expect(row.calculatedTotalCost).toBeCloseTo(10 * 0.001 + 0.002, 15);
  });

  it('prices the stored row with the write laid over it', () => {
    const usageFirst = stored({ model: null, usageDetails: { input: 10, output: 1 } });
    const { row } = planWrite<ObservationCostWrite>('p', { id: 'o1', model: 'gpt-x', startTime: now }, usageFirst, matcher, now);
    expect(row.calculatedTotalCost).toBeCloseTo(10 * 0.001 + 0.002, 15);
  });

  it('marks a write with costs as the client\'s, and clears a computed set it replaces after the upsert', () => {
    expect(planWrite('p', { id: 'o1', calculatedTotalCost: 1 }, undefined, matcher, now)).toEqual({
      row: { id: 'o1', calculatedTotalCost: 1, costSource: 'client' },
    });
    const computed = stored({ costSource: 'computed', totalCost: 3, inputCost: 1 });
    const plan = planWrite('p', { id: 'o1', calculatedTotalCost: 1 }, computed, matcher, now);
    expect(plan.row).toEqual({ id: 'o1', calculatedTotalCost: 1 });
    expect(plan.clientTransition).toMatchObject({ totalCost: 1, inputCost: null });
  });

  it('leaves client rows and writes that do not concern costs alone', () => {
    const client = stored({ costSource: 'client', totalCost: 5 });
    expect(planWrite('p', { id: 'o1', usageDetails: { input: 99 } }, client, matcher, now)).toEqual({ row: { id: 'o1', usageDetails: { input: 99 } } });
    expect(planWrite('p', { id: 'o1' }, undefined, matcher, now)).toEqual({ row: { id: 'o1' } });
  });

  it('leaves to after the upsert what it cannot write: clearing a computed cost', () => {
    const computed = stored({ model: 'gpt-x', promptTokens: 1, costSource: 'computed', modelId: 'gpt', totalCost: 1 });
    const plan = planWrite('p', { id: 'o1', model: 'gone-model' }, computed, matcher, now);
    expect(plan.row).toEqual({ id: 'o1', model: 'gone-model' });
    expect(plan.correction).toMatchObject({ modelId: null, totalCost: null, costSource: null });
  });
});
