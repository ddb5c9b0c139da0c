import type { Client, MetricPoint } from './client.js';
import { XtraceError } from './errors.js';
import type { RequestOptions } from './http.js';
import { RingBuffer } from './ring-buffer.js';

export interface MetricsReporterOptions {
  /** Flush every this many ms. Default 500. */
  flushIntervalMs?: number;
  /** Flush as soon as this many points are buffered. Default 50. */
  flushAt?: number;
  /** Most points sent in one request (the server takes up to 10,000). Default 1000. */
  maxBatchSize?: number;
  /**
   * Most points held while the server cannot take them; past it the oldest are dropped and
   * counted in `dropped`. Default 10,000.
   */
  maxBufferSize?: number;
  /** Labels put on every point; a point's own labels win. */
  defaultLabels?: Record<string, string>;
  /** Options for each push (timeout, retry policy). */
  requestOptions?: RequestOptions;
  /** Called when a background flush fails (the points stay buffered). Default: ignore. */
  onError?: (error: unknown) => void;
}

interface BufferedPoint {
  name: string;
  value: number;
  labels: Record<string, string>;
  timestampMs: number;
}

/**
 * Buffers metric points in memory and pushes them in batches, every `flushIntervalMs` or as
 * soon as `flushAt` points wait. `record()` never blocks, throws or awaits the network; while
 * the server is unreachable points accumulate up to `maxBufferSize`, then the oldest go.
 * Its timer does not keep a Node process alive: call `shutdown()` before exit to send the rest.
 */
export class MetricsReporter {
  /** Points lost: pushed out of a full buffer, refused by the server (4xx), invalid, or recorded after `shutdown()`. */
  dropped = 0;
  /** Points the server acknowledged. */
  sent = 0;

  private readonly buffer: RingBuffer<BufferedPoint>;
  private readonly flushAt: number;
  private readonly maxBatchSize: number;
  private readonly defaultLabels: Record<string, string>;
  private readonly requestOptions: RequestOptions | undefined;
  private readonly onError: (error: unknown) => void;
  private readonly timer: ReturnType<typeof setInterval>;
  private inFlight: Promise<void> | undefined;
  private sending = 0;
  private closed = false;

  constructor(
    private readonly client: Pick<Client, 'pushMetrics'>,
    options: MetricsReporterOptions = {},
  ) {
    this.flushAt = options.flushAt ?? 50;
    this.maxBatchSize = Math.min(options.maxBatchSize ?? 1000, 10_000);
    this.buffer = new RingBuffer(options.maxBufferSize ?? 10_000);
    this.defaultLabels = { ...options.defaultLabels };
    this.requestOptions = options.requestOptions;
    this.onError = options.onError ?? (() => undefined);
    this.timer = setInterval(() => this.flushInBackground(), options.flushIntervalMs ?? 500);
    (this.timer as { unref?: () => void }).unref?.();
  }

  /** Points not yet acknowledged: waiting, or in a push that has not answered. */
  get buffered(): number {
    return this.buffer.size + this.sending;
  }

  /**
   * Queues one point, stamped now unless `timestamp` (a Date or epoch ms) is given. A point
   * the server would refuse (empty or over-long name, non-finite value, too many labels) is
   * dropped here, so it cannot take a whole batch down with it.
   */
  record(name: string, value: number, labels?: Record<string, string>, timestamp?: Date | number): void {
    const merged = { ...this.defaultLabels, ...labels };
    if (this.closed || !isValidPoint(name, value, merged)) {
      this.dropped++;
      return;
    }
    const timestampMs = timestamp === undefined ? Date.now() : typeof timestamp === 'number' ? timestamp : timestamp.getTime();
    this.dropped += this.buffer.push({ name, value, labels: merged, timestampMs });
    if (this.buffer.size >= this.flushAt && !this.inFlight) this.flushInBackground();
  }

  /**
   * Sends everything buffered now (after any flush already running). Rejects when a push
   * fails; the points that were not acknowledged stay buffered for the next flush.
   */
  flush(): Promise<void> {
    const previous = this.inFlight ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.sendBuffered());
    const tracked: Promise<void> = run.finally(() => {
      if (this.inFlight === tracked) this.inFlight = undefined;
    });
    this.inFlight = tracked;
    // The caller gets `run`; the tracked copy must not surface as an unhandled rejection.
    tracked.catch(() => undefined);
    return run;
  }

  /** Stops the timer, sends what is buffered, and drops points recorded afterwards. */
  async shutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
  }

  private flushInBackground(): void {
    if (this.inFlight || this.buffer.size === 0) return;
    this.flush().catch((error: unknown) => this.onError(error));
  }

  private async sendBuffered(): Promise<void> {
    // Only what is buffered at the start: a steady stream of new points must not keep one flush going forever.
    let remaining = this.buffer.size;
    while (remaining > 0) {
      const batch = this.buffer.take(Math.min(remaining, this.maxBatchSize));
      remaining -= batch.length;
      this.sending = batch.length;
      try {
        await this.client.pushMetrics(batch.map(toWire), this.requestOptions);
        this.sent += batch.length;
      } catch (error) {
        if (isRefused(error)) this.dropped += batch.length;
        else this.dropped += this.buffer.restore(batch);
        throw error;
      } finally {
        this.sending = 0;
      }
    }
  }
}

// The server's limits (API.md §7): name 1-200 characters, finite value, at most 32 string labels.
const MAX_NAME_LENGTH = 200;
const MAX_LABELS = 32;

function isValidPoint(name: string, value: number, labels: Record<string, unknown>): boolean {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) return false;
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  const values = Object.values(labels);
  return values.length <= MAX_LABELS && values.every((label) => typeof label === 'string');
}

function toWire(point: BufferedPoint): MetricPoint {
  return { name: point.name, value: point.value, labels: point.labels, timestamp: new Date(point.timestampMs).toISOString() } as MetricPoint;
}

// A 4xx other than 408/429 will be refused again: keeping the batch would block the buffer forever.
function isRefused(error: unknown): boolean {
  return error instanceof XtraceError && error.status >= 400 && error.status < 500 && error.status !== 408 && error.status !== 429;
}
