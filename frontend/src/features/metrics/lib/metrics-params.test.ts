import { describe, expect, it } from 'vitest';
import { metricsParamsToSearch, parseMetricsParams, stepsFor } from './metrics-params';

describe('metrics page URL state', () => {
  it('round-trips name, range, step, aggregation, group-by, label filters and refresh', () => {
    const state = parseMetricsParams(new URLSearchParams('name=gpu_util&range=6h&step=5m&agg=p95&group_by=gpu&label.host=a&label.region=eu&refresh=10'));
    expect(state).toEqual({ name: 'gpu_util', range: '6h', step: '5m', agg: 'p95', groupBy: 'gpu', labels: { host: 'a', region: 'eu' }, refresh: 10 });
    expect(parseMetricsParams(metricsParamsToSearch(state))).toEqual(state);
  });

  it('defaults to a readable step for the range and rejects unknown values', () => {
    const state = parseMetricsParams(new URLSearchParams('range=24h&step=7m&agg=median&refresh=5'));
    expect(state).toMatchObject({ range: '24h', step: '5m', agg: 'avg', refresh: 30 });
  });

  it('offers only steps the API accepts for the range', () => {
    expect(stepsFor('1h')).toEqual(['10s', '30s', '1m', '5m', '15m', '30m']);
    expect(stepsFor('30d')).toEqual(['1h', '6h', '12h', '1d', '1w']);
  });
});
