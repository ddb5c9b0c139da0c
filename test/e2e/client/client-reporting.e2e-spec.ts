import { randomUUID } from 'node:crypto';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { Client, MetricsReporter } from 'xtrace-client';
import { recordMetric, XtraceSpanProcessor } from 'xtrace-client/otel';
import { createTestApp, type TestApp } from '../../setup/create-test-app.js';
import { ScriptedServer } from './scripted-server.js';

const HOUR = 3_600_000;
const OK = { status: 200, body: { message: 'Request Successful.' } };

async function eventually(check: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((done) => setTimeout(done, 100));
    }
  }
}

describe('automatic reporting against the real server', () => {
  let app: TestApp;
  let client: Client;
  beforeAll(async () => {
    app = await createTestApp();
    client = new Client(app.baseUrl, app.token);
  });
  afterAll(() => app.close());

  /** Sum and count of a metric's points over the last two hours, one series per label set. */
  async function totals(name: string, labels?: Record<string, string>) {
    const window = { from: new Date(Date.now() - 2 * HOUR).toISOString(), to: new Date(Date.now() + 60_000).toISOString() };
    const sums = await client.queryMetrics({ name, ...window, step: '1d', agg: 'sum', labels });
    return sums.data.reduce((sum, series) => sum + series.values.reduce((total, point) => total + point.value, 0), 0);
  }

  describe('MetricsReporter', () => {
    it('sends a batch once flushAt points wait, holds fewer, and shutdown() sends the rest', async () => {
      const name = `reporter_batch_${randomUUID().slice(0, 8)}`;
      const batchSizes: number[] = [];
      const counting = {
        pushMetrics: ((points, options) => {
          batchSizes.push(points.length);
          return client.pushMetrics(points, options);
        }) as Client['pushMetrics'],
      };
      const reporter = new MetricsReporter(counting, { flushAt: 10, maxBatchSize: 4, flushIntervalMs: 60_000 });
      for (let index = 0; index < 10; index++) reporter.record(name, 1, { worker: 'w1' });
      await eventually(async () => expect(reporter.sent).toBe(10));
      expect(batchSizes).toEqual([4, 4, 2]);
      expect(await totals(name)).toBe(10);

      for (let index = 0; index < 5; index++) reporter.record(name, 1, { worker: 'w1' });
      await new Promise((done) => setTimeout(done, 300));
      expect(reporter.buffered).toBe(5);
      expect(await totals(name)).toBe(10);

      await reporter.shutdown();
      expect(batchSizes).toEqual([4, 4, 2, 4, 1]);
      expect([reporter.sent, reporter.buffered, reporter.dropped]).toEqual([15, 0, 0]);
      expect(await totals(name, { worker: 'w1' })).toBe(15);
    });

    it('flushes on its interval without being asked', async () => {
      const name = `reporter_interval_${randomUUID().slice(0, 8)}`;
      const reporter = new MetricsReporter(client, { flushIntervalMs: 200 });
      reporter.record(name, 2);
      reporter.record(name, 3);
      await eventually(async () => expect(await totals(name)).toBe(5));
      await reporter.shutdown();
    });

    it('while the server is down keeps the newest points up to maxBufferSize, then delivers them', async () => {
      const down = await new ScriptedServer().start();
      try {
        down.answer({ status: 503, body: { message: 'Service Unavailable', code: 'SERVICE_UNAVAILABLE' } });
        const errors: unknown[] = [];
        const reporter = new MetricsReporter(new Client(down.baseUrl, 'token', { retry: { maxRetries: 0 } }), {
          flushIntervalMs: 50,
          maxBufferSize: 5,
          onError: (error) => errors.push(error),
        });
        for (let index = 0; index < 8; index++) reporter.record('queued', index);
        await eventually(async () => expect(errors.length).toBeGreaterThanOrEqual(2));
        expect([reporter.buffered, reporter.dropped, reporter.sent]).toEqual([5, 3, 0]);

        down.answer(OK);
        await eventually(async () => expect(reporter.sent).toBe(5));
        const delivered = JSON.parse(down.requests.at(-1)!.body).metrics.map((point: { value: number }) => point.value);
        expect(delivered).toEqual([3, 4, 5, 6, 7]);
        await reporter.shutdown();
      } finally {
        await down.stop();
      }
    });
  });

  describe('XtraceSpanProcessor', () => {
    it('reports ended spans as span_duration seconds, labelled by span name and allow-listed attributes', async () => {
      const model = `model-${randomUUID().slice(0, 8)}`;
      const processor = new XtraceSpanProcessor(client, { flushIntervalMs: 60_000 });
      const provider = new BasicTracerProvider({ spanProcessors: [processor] });
      const tracer = provider.getTracer('client-e2e');
      const start = new Date(Date.now() - 60_000);
      const llm = tracer.startSpan('llm_call', { startTime: start, attributes: { 'gen_ai.request.model': model, 'user.id': 'u-1' } });
      llm.end(new Date(start.getTime() + 1500));
      const tool = tracer.startSpan('tool_call', { startTime: start, attributes: { 'gen_ai.request.model': model } });
      tool.end(new Date(start.getTime() + 250));

      expect(recordMetric(`agent_steps_${model}`, 3, { agent: 'planner' })).toBe(true);
      await provider.shutdown();
      expect(recordMetric(`agent_steps_${model}`, 1)).toBe(false);

      const result = await client.queryMetrics({
        name: 'span_duration',
        from: new Date(start.getTime() - 60_000).toISOString(),
        to: new Date().toISOString(),
        step: '1h',
        agg: 'max',
        labels: { 'gen_ai.request.model': model },
      });
      const bySpan = Object.fromEntries(result.data.map((series) => [String(series.labels.span_name), series]));
      expect(Object.keys(bySpan).sort()).toEqual(['llm_call', 'tool_call']);
      // Only allow-listed attributes become labels (user.id is not).
      expect(bySpan.llm_call!.labels).toEqual({ span_name: 'llm_call', 'gen_ai.request.model': model });
      expect(bySpan.llm_call!.values.map((point) => point.value)).toEqual([1.5]);
      expect(bySpan.tool_call!.values.map((point) => point.value)).toEqual([0.25]);
      expect(await totals(`agent_steps_${model}`, { agent: 'planner' })).toBe(3);
    });

    it('takes a custom allow-list and shares a reporter it does not own', async () => {
      const marker = randomUUID().slice(0, 8);
      const reporter = new MetricsReporter(client, { flushIntervalMs: 60_000 });
      const processor = new XtraceSpanProcessor(reporter, { labelAttributes: ['job'], registerAsDefault: false });
      const provider = new BasicTracerProvider({ spanProcessors: [processor] });
      const span = provider.getTracer('client-e2e').startSpan('batch_job', { attributes: { job: marker, ignored: 'x' } });
      span.end();
      await provider.forceFlush();
      await provider.shutdown();
      reporter.record(`after_${marker}`, 1);
      await reporter.shutdown();

      const result = await client.queryMetrics({ name: 'span_duration', labels: { job: marker }, agg: 'count', step: '1h' });
      expect(result.data.map((series) => series.labels)).toEqual([{ span_name: 'batch_job', job: marker }]);
      expect(await totals(`after_${marker}`)).toBe(1);
    });
  });
});
