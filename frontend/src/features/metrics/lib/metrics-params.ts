import { isRangePreset, presetRange, type RangePreset } from '@/lib/time-range';
import { AGGREGATIONS, type Aggregation, STEP_SECONDS, type Step, suggestStep } from './series';

/** The metrics page state, kept in the URL (`label.<key>=<value>` for label filters). */
export interface MetricsParams {
  name?: string;
  range: RangePreset;
  step: Step;
  agg: Aggregation;
  groupBy?: string;
  labels: Record<string, string>;
  /** Auto-refresh interval in seconds; 0 = off. */
  refresh: number;
}

export const REFRESH_CHOICES = [0, 10, 30, 60] as const;
const LABEL_PREFIX = 'label.';

export function parseMetricsParams(params: URLSearchParams): MetricsParams {
  const range = params.get('range');
  const preset: RangePreset = isRangePreset(range) ? range : '1h';
  const step = params.get('step');
  const agg = params.get('agg');
  const refresh = Number(params.get('refresh'));
  const labels: Record<string, string> = {};
  for (const [key, value] of params) if (key.startsWith(LABEL_PREFIX) && value) labels[key.slice(LABEL_PREFIX.length)] = value;
  const windowMs = presetRange(preset, 0).to.getTime() - presetRange(preset, 0).from.getTime();
  return {
    name: params.get('name') || undefined,
    range: preset,
    step: step && step in STEP_SECONDS ? (step as Step) : suggestStep(windowMs),
    agg: (AGGREGATIONS as readonly string[]).includes(agg ?? '') ? (agg as Aggregation) : 'avg',
    groupBy: params.get('group_by') || undefined,
    labels,
    refresh: (REFRESH_CHOICES as readonly number[]).includes(refresh) ? refresh : 30,
  };
}

export function metricsParamsToSearch(state: MetricsParams): URLSearchParams {
  const params = new URLSearchParams();
  if (state.name) params.set('name', state.name);
  params.set('range', state.range);
  params.set('step', state.step);
  params.set('agg', state.agg);
  if (state.groupBy) params.set('group_by', state.groupBy);
  for (const [key, value] of Object.entries(state.labels)) params.set(`${LABEL_PREFIX}${key}`, value);
  params.set('refresh', String(state.refresh));
  return params;
}

/** Steps that give between 2 and 1,000 buckets over the range (the API rejects too many). */
export function stepsFor(range: RangePreset): Step[] {
  const { from, to } = presetRange(range, 0);
  const windowSeconds = (to.getTime() - from.getTime()) / 1000;
  return (Object.entries(STEP_SECONDS) as Array<[Step, number]>)
    .filter(([, seconds]) => windowSeconds / seconds <= 1000 && windowSeconds / seconds >= 2)
    .map(([step]) => step);
}
