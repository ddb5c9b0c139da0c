import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { MetricPoint } from '../client.js';
import { recordMetric } from './record-metric.js';
import { XtraceSpanProcessor } from './span-metrics-processor.js';

function fakeClient() {
  const points: Record<string, unknown>[] = [];
  return {
    points,
    pushMetrics: async (batch: readonly MetricPoint[]) => {
      points.push(...(batch as unknown as Record<string, unknown>[]));
      return {} as never;
    },
  };
}

describe('XtraceSpanProcessor', () => {
  it('records the span duration in seconds at the span end time, with allow-listed attributes as string labels', async () => {
    const client = fakeClient();
    const provider = new BasicTracerProvider({
      spanProcessors: [new XtraceSpanProcessor(client, { labelAttributes: ['tokens', 'cached', 'list', 'absent'], flushIntervalMs: 60_000 })],
    });
    const start = new Date('2026-01-01T00:00:00.000Z');
    const span = provider.getTracer('spec').startSpan('step', {
      startTime: start,
      attributes: { tokens: 12, cached: true, list: ['a', 'b'], secret: 'x' },
    });
    span.end(new Date(start.getTime() + 2250));
    await provider.shutdown();
    expect(client.points).toEqual([
      {
        name: 'span_duration',
        value: 2.25,
        labels: { tokens: '12', cached: 'true', span_name: 'step' },
        timestamp: '2026-01-01T00:00:02.250Z',
      },
    ]);
  });

  it('routes recordMetric() to the last registered processor until it shuts down', async () => {
    const first = fakeClient();
    const second = fakeClient();
    const older = new XtraceSpanProcessor(first, { flushIntervalMs: 60_000 });
    const newer = new XtraceSpanProcessor(second, { flushIntervalMs: 60_000 });
    expect(recordMetric('steps', 2, { agent: 'a' })).toBe(true);
    await newer.shutdown();
    expect(recordMetric('steps', 3)).toBe(false);
    await older.shutdown();
    expect(first.points).toHaveLength(0);
    expect(second.points).toEqual([expect.objectContaining({ name: 'steps', value: 2, labels: { agent: 'a' } })]);
  });

  it('leaves a shared reporter running on shutdown', async () => {
    const client = fakeClient();
    const owner = new XtraceSpanProcessor(client, { flushIntervalMs: 60_000, registerAsDefault: false });
    const sharing = new XtraceSpanProcessor(owner.reporter, { registerAsDefault: false });
    sharing.recordMetric('before', 1);
    await sharing.shutdown();
    sharing.recordMetric('after', 1);
    await owner.shutdown();
    expect(client.points.map((point) => point.name)).toEqual(['before', 'after']);
  });
});
