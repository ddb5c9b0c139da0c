import type { MetricPoint } from './client.js';
import { XtraceError } from './errors.js';
import { MetricsReporter, type MetricsReporterOptions } from './metrics-reporter.js';

/** A stand-in for `Client.pushMetrics` whose answers the test scripts. */
class FakeServer {
  batches: MetricPoint[][] = [];
  failWith: Error | undefined;
  pushMetrics = async (points: readonly MetricPoint[]) => {
    if (this.failWith) throw this.failWith;
    this.batches.push([...points]);
    return { message: 'Request Successful.' } as never;
  };
  get names(): string[] {
    return this.batches.flat().map((point) => String((point as Record<string, unknown>).name));
  }
}

const quiet: MetricsReporterOptions = { flushIntervalMs: 60_000 };
const unavailable = () => new XtraceError({ status: 503, code: 'SERVICE_UNAVAILABLE', message: 'busy' });

describe('MetricsReporter', () => {
  let reporter: MetricsReporter;
  afterEach(async () => {
    await reporter.shutdown().catch(() => undefined);
  });

  it('sends points with labels, defaults and ISO timestamps on flush()', async () => {
    const server = new FakeServer();
    reporter = new MetricsReporter(server, { ...quiet, defaultLabels: { host: 'a', env: 'x' } });
    reporter.record('tokens', 5, { env: 'y' }, new Date('2026-01-01T00:00:00Z'));
    await reporter.flush();
    expect(server.batches).toEqual([
      [{ name: 'tokens', value: 5, labels: { host: 'a', env: 'y' }, timestamp: '2026-01-01T00:00:00.000Z' }],
    ]);
    expect(reporter.sent).toBe(1);
  });

  it('flushes by itself once flushAt points wait, in batches of maxBatchSize', async () => {
    const server = new FakeServer();
    reporter = new MetricsReporter(server, { ...quiet, flushAt: 5, maxBatchSize: 2 });
    for (let index = 0; index < 4; index++) reporter.record(`m${index}`, index);
    await new Promise((done) => setTimeout(done, 20));
    expect(server.batches).toHaveLength(0);
    reporter.record('m4', 4);
    await new Promise((done) => setTimeout(done, 20));
    expect(server.batches.map((batch) => batch.length)).toEqual([2, 2, 1]);
    expect(server.names).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
  });

  it('flushes on its interval', async () => {
    const server = new FakeServer();
    reporter = new MetricsReporter(server, { flushIntervalMs: 30 });
    reporter.record('tick', 1);
    await new Promise((done) => setTimeout(done, 100));
    expect(server.names).toEqual(['tick']);
  });

  it('keeps points while the server is down and sends them, in order, when it is back', async () => {
    const server = new FakeServer();
    const errors: unknown[] = [];
    reporter = new MetricsReporter(server, { ...quiet, onError: (error) => errors.push(error) });
    server.failWith = unavailable();
    reporter.record('a', 1);
    await expect(reporter.flush()).rejects.toBeInstanceOf(XtraceError);
    reporter.record('b', 2);
    expect(reporter.buffered).toBe(2);
    server.failWith = undefined;
    await reporter.flush();
    expect(server.names).toEqual(['a', 'b']);
    expect(reporter.dropped).toBe(0);
  });

  it('drops the oldest points beyond maxBufferSize and counts them', async () => {
    const server = new FakeServer();
    server.failWith = unavailable();
    reporter = new MetricsReporter(server, { ...quiet, maxBufferSize: 3, flushAt: 1000 });
    for (let index = 0; index < 5; index++) reporter.record(`m${index}`, index);
    expect(reporter.dropped).toBe(2);
    await expect(reporter.flush()).rejects.toThrow('busy');
    reporter.record('m5', 5);
    expect(reporter.dropped).toBe(3);
    server.failWith = undefined;
    await reporter.flush();
    expect(server.names).toEqual(['m3', 'm4', 'm5']);
  });

  it('drops a batch the server refuses as invalid instead of retrying it forever', async () => {
    const server = new FakeServer();
    server.failWith = new XtraceError({ status: 400, code: 'BAD_REQUEST', message: 'bad point' });
    reporter = new MetricsReporter(server, quiet);
    reporter.record('a', 1);
    await expect(reporter.flush()).rejects.toThrow('bad point');
    expect(reporter.buffered).toBe(0);
    expect(reporter.dropped).toBe(1);
  });

  it('drops points the server would refuse without throwing at the caller', () => {
    reporter = new MetricsReporter(new FakeServer(), quiet);
    const manyLabels = Object.fromEntries(Array.from({ length: 33 }, (_, index) => [`k${index}`, 'v']));
    expect(() => {
      reporter.record('', 1);
      reporter.record('x'.repeat(201), 1);
      reporter.record('nan', Number.NaN);
      reporter.record('labels', 1, manyLabels);
      reporter.record('number-label', 1, { gpu: 0 as unknown as string });
    }).not.toThrow();
    expect(reporter.dropped).toBe(5);
    expect(reporter.buffered).toBe(0);
  });

  it('reports background failures to onError and never rejects unhandled', async () => {
    const server = new FakeServer();
    server.failWith = unavailable();
    const errors: unknown[] = [];
    reporter = new MetricsReporter(server, { flushIntervalMs: 20, onError: (error) => errors.push(error) });
    reporter.record('a', 1);
    await new Promise((done) => setTimeout(done, 70));
    expect(errors.length).toBeGreaterThanOrEqual(1);
    expect(reporter.buffered).toBe(1);
    server.failWith = undefined;
  });

  it('sends the rest on shutdown() and drops what is recorded afterwards', async () => {
    const server = new FakeServer();
    reporter = new MetricsReporter(server, quiet);
    reporter.record('before', 1);
    await reporter.shutdown();
    reporter.record('after', 1);
    expect(server.names).toEqual(['before']);
    expect(reporter.dropped).toBe(1);
  });

  it('runs one push at a time', async () => {
    let concurrent = 0;
    let highest = 0;
    const slow = {
      pushMetrics: async () => {
        highest = Math.max(highest, ++concurrent);
        await new Promise((done) => setTimeout(done, 10));
        concurrent--;
        return {} as never;
      },
    };
    reporter = new MetricsReporter(slow, { ...quiet, flushAt: 1 });
    for (let index = 0; index < 10; index++) reporter.record('m', index);
    await Promise.all([reporter.flush(), reporter.flush()]);
    expect(highest).toBe(1);
    expect(reporter.sent).toBe(10);
  });
});
