import { ObservationEntity } from './observation.entity.js';
import { promptVersionNumber, secondsBetween, toObservationView } from './observation-view.mapper.js';

const VIEW_KEYS = [
  'id', 'traceId', 'type', 'name', 'startTime', 'endTime', 'completionStartTime', 'model', 'modelParameters',
  'input', 'version', 'metadata', 'output', 'usage', 'level', 'statusMessage', 'parentObservationId', 'promptId',
  'promptName', 'promptVersion', 'modelId', 'inputPrice', 'outputPrice', 'totalPrice', 'calculatedInputCost',
  'calculatedOutputCost', 'calculatedTotalCost', 'latency', 'timeToFirstToken', 'promptTokens', 'completionTokens',
  'totalTokens', 'usageDetails', 'costDetails', 'environment',
];

/** A stored observation with every nullable column null, as a fresh placeholder-like row reads. */
function stored(overrides: Partial<ObservationEntity> = {}): ObservationEntity {
  return Object.assign(new ObservationEntity(), {
    projectId: 'p', id: 'o', traceId: 't', environment: 'default', type: 'GENERATION', name: null,
    startTime: null, endTime: null, completionStartTime: null, model: null, modelParameters: null, input: null,
    output: null, usage: null, usageDetails: null, costDetails: null, level: null, statusMessage: null,
    parentObservationId: null, promptId: null, promptName: null, promptVersion: null, modelId: null,
    inputPrice: null, outputPrice: null, totalPrice: null, calculatedInputCost: null, calculatedOutputCost: null,
    calculatedTotalCost: null, latency: null, timeToFirstToken: null, promptTokens: null, completionTokens: null,
    totalTokens: null, unit: null, metadata: null, version: null,
    createdAt: new Date('2026-01-01T00:00:09Z'), updatedAt: new Date('2026-01-01T00:00:09Z'),
    ...overrides,
  });
}

describe('toObservationView', () => {
  it('emits exactly the ObservationView keys, in order', () => {
    expect(Object.keys(toObservationView(stored()))).toEqual(VIEW_KEYS);
  });

  it('fills the documented defaults for an observation that carries nothing', () => {
    const view = toObservationView(stored());
    expect(view).toMatchObject({
      startTime: new Date('2026-01-01T00:00:09Z'),
      modelParameters: {},
      input: null,
      output: null,
      metadata: null,
      version: null,
      level: 'DEFAULT',
      promptVersion: null,
      latency: null,
      timeToFirstToken: null,
      promptTokens: 0,
      completionTokens: 0,
      totalTokens: 0,
      usage: { input: 0, output: 0, total: 0, unit: null, inputCost: null, outputCost: null, totalCost: null },
      usageDetails: { input: 0, output: 0, total: 0 },
      costDetails: { input: 0, output: 0, total: 0 },
    });
  });

  it('derives latency and time to first token in seconds when they were not sent', () => {
    const view = toObservationView(
      stored({
        startTime: new Date('2026-01-01T00:00:00.000Z'),
        completionStartTime: new Date('2026-01-01T00:00:00.250Z'),
        endTime: new Date('2026-01-01T00:00:01.500Z'),
      }),
    );
    expect(view.latency).toBe(1.5);
    expect(view.timeToFirstToken).toBe(0.25);
  });

  it('prefers the values the client sent', () => {
    const view = toObservationView(
      stored({
        startTime: new Date('2026-01-01T00:00:00Z'),
        endTime: new Date('2026-01-01T00:00:05Z'),
        latency: 9,
        timeToFirstToken: 0.1,
      }),
    );
    expect(view.latency).toBe(9);
    expect(view.timeToFirstToken).toBe(0.1);
  });

  it('builds usage, usageDetails and costDetails from tokens and costs, keeping extra detail keys', () => {
    const view = toObservationView(
      stored({
        promptTokens: 3, completionTokens: 4, totalTokens: 7, unit: 'TOKENS',
        calculatedInputCost: 0.1, calculatedOutputCost: 0.2, calculatedTotalCost: 0.3,
        usageDetails: { input: 3, output: 4, total: 7, cache_read: 2 },
        costDetails: { total: 0.3, cache_read: 0.01 },
      }),
    );
    expect(view.usage).toEqual({ input: 3, output: 4, total: 7, unit: 'TOKENS', inputCost: 0.1, outputCost: 0.2, totalCost: 0.3 });
    expect(view.usageDetails).toEqual({ input: 3, output: 4, total: 7, cache_read: 2 });
    expect(view.costDetails).toEqual({ input: 0.1, output: 0.2, total: 0.3, cache_read: 0.01 });
  });
});

describe('observation view helpers', () => {
  it('parses integer prompt versions only', () => {
    expect(promptVersionNumber('3')).toBe(3);
    expect(promptVersionNumber(' 12 ')).toBe(12);
    expect(promptVersionNumber('v3')).toBeNull();
    expect(promptVersionNumber('1.5')).toBeNull();
    expect(promptVersionNumber(null)).toBeNull();
  });

  it('needs both ends for a duration', () => {
    expect(secondsBetween(null, new Date())).toBeNull();
    expect(secondsBetween(new Date(0), new Date(2500))).toBe(2.5);
  });
});
