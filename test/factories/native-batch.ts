import { randomUUID } from 'node:crypto';
import type { TestApp, TestResponse } from '../setup/create-test-app.js';

export const newId = () => randomUUID();

/** POSTs a native batch. */
export function postBatch(app: TestApp, body: unknown, headers?: Record<string, string>): Promise<TestResponse> {
  return app.request('/v1/l/batch', { method: 'POST', body, headers });
}

/** A trace id plus `count` observations of it, each a span with a start time. */
export function traceWithObservations(count: number, traceFields: Record<string, unknown> = {}) {
  const traceId = newId();
  const start = Date.parse('2026-03-01T00:00:00Z');
  return {
    trace: { id: traceId, name: 'trace', ...traceFields },
    observations: Array.from({ length: count }, (_, index) => ({
      id: newId(),
      traceId,
      type: 'SPAN',
      startTime: new Date(start + index * 1000).toISOString(),
    })),
  };
}
