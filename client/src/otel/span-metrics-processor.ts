import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { Client } from '../client.js';
import { MetricsReporter, type MetricsReporterOptions } from '../metrics-reporter.js';
import { setDefaultMetricSink } from './record-metric.js';

/** The metric every ended span is reported as, in seconds. */
export const SPAN_DURATION_METRIC = 'span_duration';

/**
 * Span attributes copied onto `span_duration` as labels unless `labelAttributes` says
 * otherwise: the low-cardinality GenAI semantic-convention attributes (the counterparts of the
 * model/provider/tool fields the Rust `XtraceLayer` used as labels).
 */
export const DEFAULT_LABEL_ATTRIBUTES: readonly string[] = [
  'gen_ai.operation.name',
  'gen_ai.provider.name',
  'gen_ai.system',
  'gen_ai.request.model',
  'gen_ai.agent.name',
  'gen_ai.tool.name',
];

export interface XtraceSpanProcessorOptions extends MetricsReporterOptions {
  /**
   * Span attributes that become labels (string, number and boolean values; the label key is
   * the attribute key). Keep them low-cardinality: every distinct combination is a series.
   */
  labelAttributes?: readonly string[];
  /** Metric name for span durations. Default `span_duration`. */
  metricName?: string;
  /** Make this processor the target of `recordMetric()`. Default true. */
  registerAsDefault?: boolean;
}

/**
 * An OpenTelemetry `SpanProcessor` that reports the duration of every ended span to xtrace
 * as the `span_duration` metric (seconds) with a `span_name` label plus the allow-listed
 * attributes, through a `MetricsReporter`: `onEnd` only appends to a buffer, never waits.
 *
 * ```ts
 * const provider = new BasicTracerProvider({ spanProcessors: [new XtraceSpanProcessor(client)] });
 * ```
 */
export class XtraceSpanProcessor implements SpanProcessor {
  /** The reporter the points go through (its `dropped`/`sent` counters are useful to export). */
  readonly reporter: MetricsReporter;
  private readonly ownsReporter: boolean;
  private readonly labelAttributes: readonly string[];
  private readonly metricName: string;
  private unregister: (() => void) | undefined;

  /**
   * @param target a `Client` (the processor makes and owns a reporter with `options`), or a
   *   `MetricsReporter` shared with other code (flushed, but not shut down, by `shutdown()`).
   */
  constructor(target: Pick<Client, 'pushMetrics'> | MetricsReporter, options: XtraceSpanProcessorOptions = {}) {
    this.ownsReporter = !(target instanceof MetricsReporter);
    this.reporter = target instanceof MetricsReporter ? target : new MetricsReporter(target, options);
    this.labelAttributes = options.labelAttributes ?? DEFAULT_LABEL_ATTRIBUTES;
    this.metricName = options.metricName ?? SPAN_DURATION_METRIC;
    if (options.registerAsDefault !== false) {
      this.unregister = setDefaultMetricSink((name, value, labels) => this.recordMetric(name, value, labels));
    }
  }

  onStart(_span: Span, _parentContext: Context): void {}

  onEnd(span: ReadableSpan): void {
    const labels: Record<string, string> = {};
    for (const key of this.labelAttributes) {
      const value = span.attributes[key];
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') labels[key] = String(value);
    }
    labels.span_name = span.name;
    this.reporter.record(this.metricName, hrTimeToSeconds(span.duration), labels, hrTimeToMilliseconds(span.endTime));
  }

  /** Queues any metric point through this processor's reporter. */
  recordMetric(name: string, value: number, labels?: Record<string, string>): void {
    this.reporter.record(name, value, labels);
  }

  forceFlush(): Promise<void> {
    return this.reporter.flush();
  }

  shutdown(): Promise<void> {
    this.unregister?.();
    this.unregister = undefined;
    return this.ownsReporter ? this.reporter.shutdown() : this.reporter.flush();
  }
}

type HrTime = readonly [number, number];

function hrTimeToSeconds([seconds, nanos]: HrTime): number {
  return seconds + nanos / 1e9;
}

function hrTimeToMilliseconds([seconds, nanos]: HrTime): number {
  return seconds * 1000 + nanos / 1e6;
}
