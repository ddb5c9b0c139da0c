import { planRollup, STEPS } from '../metric-steps.js';
import { metricBucketsQuery, type MetricBucketsInput } from './metric-buckets.query.js';

const HOSTILE = `x'); DROP TABLE metric_points; SELECT pg_sleep(5); --`;
const input: MetricBucketsInput = {
  projectId: 'project-1',
  name: 'gpu_utilization',
  labelsFilter: '{"node":"n1"}',
  groupBy: null,
  agg: 'avg',
  stepMs: STEPS['1m'],
  fromMs: Date.UTC(2026, 10, 21, 8),
  toMs: Date.UTC(2026, 10, 21, 9),
};

describe('metricBucketsQuery', () => {
  it('reads raw points (snapshot)', () => {
    expect(metricBucketsQuery(input)).toMatchSnapshot();
  });

  it('combines rollups and raw edges (snapshot)', () => {
    const fromMs = Date.UTC(2026, 10, 14, 8, 30);
    const toMs = Date.UTC(2026, 10, 21, 8, 30);
    const rollup = planRollup('last', STEPS['1h'], fromMs, toMs, 0);
    expect(rollup).toBeDefined();
    expect(metricBucketsQuery({ ...input, agg: 'last', stepMs: STEPS['1h'], fromMs, toMs, rollup })).toMatchSnapshot();
  });

  it('binds every user value and never puts one in the SQL text', () => {
    const query = metricBucketsQuery({ ...input, name: HOSTILE, groupBy: HOSTILE, labelsFilter: JSON.stringify({ [HOSTILE]: HOSTILE }) });
    expect(query.sql).not.toContain('DROP');
    expect(query.sql).not.toContain('pg_sleep');
    expect(query.params.slice(1, 4)).toEqual([HOSTILE, JSON.stringify({ [HOSTILE]: HOSTILE }), HOSTILE]);
  });

  it('uses percentile_cont for percentiles and one SQL text per aggregation', () => {
    expect(metricBucketsQuery({ ...input, agg: 'p95' }).sql).toContain('percentile_cont(0.95) WITHIN GROUP (ORDER BY value)');
    expect(metricBucketsQuery({ ...input, agg: 'count' }).sql).toContain('count(*)::double precision');
  });
});
