import type { MetricPointRow } from '../../metrics/metric-point-row.js';
import { parseIsoTimestamp } from '../../metrics/metric-timestamp.js';

export const MAX_LABELS = 32;
const MAX_NAME_LENGTH = 200;
const MAX_LABEL_KEY_LENGTH = 200;
const MAX_LABEL_VALUE_LENGTH = 2000;
/** Points further ahead than this are clock errors (e.g. milliseconds sent as seconds). */
export const MAX_FUTURE_MS = 7 * 24 * 60 * 60 * 1000;
const NUL = '\u0000';

export interface MetricPointsValidation {
  points: MetricPointRow[];
  /** `metrics.<index>.<field>` → problems; empty when every point is valid. */
  errors: Record<string, string[]>;
}

/**
 * Checks every point of a metrics batch and names each bad one by index. Hand-written
 * rather than class-validator: a request carries up to 10,000 points and this runs on
 * the ingest hot path. `oldestMs`: points before it (the retention window) are refused,
 * since their partition would be dropped at once.
 */
export function validateMetricPoints(items: unknown[], nowMs: number, oldestMs: number): MetricPointsValidation {
  const points: MetricPointRow[] = [];
  const errors: Record<string, string[]> = {};
  const fail = (index: number, field: string, message: string) => {
    (errors[`metrics.${index}${field ? `.${field}` : ''}`] ??= []).push(message);
  };
  items.forEach((item, index) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      fail(index, '', 'each point must be an object');
      return;
    }
    const { name, labels, value, timestamp, ...unknown } = item as Record<string, unknown>;
    for (const field of Object.keys(unknown)) fail(index, field, `property ${field} should not exist`);
    if (typeof name !== 'string' || name.length < 1 || name.length > MAX_NAME_LENGTH || name.includes(NUL)) {
      fail(index, 'name', `name must be a string of 1-${MAX_NAME_LENGTH} characters`);
    }
    const labelProblem = checkLabels(labels);
    if (labelProblem) fail(index, 'labels', labelProblem);
    if (typeof value !== 'number' || !Number.isFinite(value)) fail(index, 'value', 'value must be a finite number');
    const timestampMs = typeof timestamp === 'string' ? parseIsoTimestamp(timestamp) : undefined;
    if (timestampMs === undefined) {
      fail(index, 'timestamp', 'timestamp must be an RFC 3339 / ISO 8601 date-time with Z or an offset');
    } else if (timestampMs > nowMs + MAX_FUTURE_MS) {
      fail(index, 'timestamp', 'timestamp is more than 7 days in the future');
    } else if (timestampMs < 0) {
      fail(index, 'timestamp', 'timestamp must not be before 1970');
    } else if (timestampMs < oldestMs) {
      fail(index, 'timestamp', 'timestamp is older than the metric retention window');
    }
    points.push({
      name: name as string,
      labels: (labels ?? {}) as Record<string, string>,
      value: value as number,
      timestampMs: timestampMs as number,
    });
  });
  return { points, errors };
}

function checkLabels(labels: unknown): string | undefined {
  if (labels === undefined || labels === null) return undefined;
  if (typeof labels !== 'object' || Array.isArray(labels)) return 'labels must be an object of string values';
  const entries = Object.entries(labels);
  if (entries.length > MAX_LABELS) return `labels must have at most ${MAX_LABELS} pairs`;
  for (const [key, value] of entries) {
    if (typeof value !== 'string') return `label ${JSON.stringify(key)} must have a string value`;
    if (key.length < 1 || key.length > MAX_LABEL_KEY_LENGTH || key.includes(NUL)) {
      return `label keys must be 1-${MAX_LABEL_KEY_LENGTH} characters without NUL`;
    }
    if (value.length > MAX_LABEL_VALUE_LENGTH || value.includes(NUL)) {
      return `label values must be at most ${MAX_LABEL_VALUE_LENGTH} characters without NUL`;
    }
  }
  return undefined;
}
