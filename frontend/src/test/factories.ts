import type { Observation } from '@/types/api';

/** An observation with every field the API returns; override what the test is about. */
export function observation(overrides: Partial<Observation> & { id: string }): Observation {
  return {
    traceId: 'trace-1',
    type: 'SPAN',
    name: overrides.id,
    startTime: '2026-11-21T10:00:00.000Z',
    endTime: null,
    completionStartTime: null,
    model: null,
    level: 'DEFAULT',
    statusMessage: null,
    parentObservationId: null,
    latency: null,
    timeToFirstToken: null,
    promptTokens: 0,
    completionTokens: 0,
    totalTokens: 0,
    calculatedInputCost: null,
    calculatedOutputCost: null,
    calculatedTotalCost: null,
    ...overrides,
  };
}
