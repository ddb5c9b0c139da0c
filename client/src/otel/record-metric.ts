type MetricSink = (name: string, value: number, labels?: Record<string, string>) => void;

let defaultSink: MetricSink | undefined;

/**
 * Records a metric point through the default `XtraceSpanProcessor` (the last one created with
 * `registerAsDefault`), the counterpart of the Rust layer's `metric = ..., value = ...` events:
 * code deep in an application reports a number without holding a client. Returns false, and
 * drops the point, when no processor is registered.
 */
export function recordMetric(name: string, value: number, labels?: Record<string, string>): boolean {
  if (!defaultSink) return false;
  defaultSink(name, value, labels);
  return true;
}

/** Installs `sink` as the default; the returned function removes it (if still installed). */
export function setDefaultMetricSink(sink: MetricSink): () => void {
  defaultSink = sink;
  return () => {
    if (defaultSink === sink) defaultSink = undefined;
  };
}
