export { recordMetric } from './record-metric.js';
export {
  DEFAULT_LABEL_ATTRIBUTES,
  SPAN_DURATION_METRIC,
  XtraceSpanProcessor,
  type XtraceSpanProcessorOptions,
} from './span-metrics-processor.js';
