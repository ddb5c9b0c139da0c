import pg from 'pg';
import { metricBucketsQuery } from '../../src/metrics/queries/metric-buckets.query.js';
import { AGG_NAMES, planRollup, STEPS, type AggName, type StepName } from '../../src/metrics/metric-steps.js';
import { createTestApp, type TestApp } from '../setup/create-test-app.js';
import { FOLD_LOCK_SQL, FOLD_UNLOCK_SQL, foldRollupDeltas, pendingDeltas } from '../support/metric-rollups.js';
import { expectSameSeries, referenceQuery, type ReferenceQuery, type SentPoint } from '../support/metrics-reference.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

const SERIES_LABELS: (Record<string, string> | undefined)[] = [
  { node: 'n1', gpu: '0' },
  { gpu: '1', node: 'n1' },
  { node: 'n2', gpu: '0' },
  { node: 'n2' },
  undefined,
  { node: 'n10', zone: 'é"\\ü' },
];

/** A week boundary two weeks back: every step's buckets start on it. */
const base = Math.floor(Date.now() / WEEK) * WEEK - 2 * WEEK;
const yearAgo = base - 365 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

/** About 42,000 points over three days (several partitions), hour-edge points, duplicates and a year-old back-fill. */
function buildPoints(name: string): SentPoint[] {
  const points: SentPoint[] = [];
  SERIES_LABELS.forEach((labels, seriesIndex) => {
    for (let k = 0; k * 37_000 < 3 * DAY; k++) {
      const jitter = k % 5 === 0 ? 0 : (k * 7919) % 1000;
      const value = Math.round(((k * 9301 + 49297 * (seriesIndex + 1)) % 233280) / 2.3328) / 1000 - 20;
      points.push({ name, ...(labels ? { labels } : {}), value, timestamp: iso(base + k * 37_000 + jitter) });
    }
  });
  for (let hour = 0; hour <= 72; hour++) {
    points.push({ name, labels: SERIES_LABELS[0], value: 1000 + hour, timestamp: iso(base + hour * HOUR) });
  }
  // Two samples with the same series and timestamp: both kept; `last` takes the greater.
  points.push({ name, labels: SERIES_LABELS[0], value: 7, timestamp: iso(base + DAY + 5_000) });
  points.push({ name, labels: SERIES_LABELS[0], value: 9, timestamp: iso(base + DAY + 5_000) });
  for (let minute = 0; minute <= 30; minute++) {
    points.push({ name, labels: SERIES_LABELS[0], value: minute * 1.5, timestamp: iso(yearAgo + minute * MINUTE + 250) });
    points.push({ name, labels: SERIES_LABELS[2], value: 100 - minute, timestamp: iso(yearAgo + minute * MINUTE) });
  }
  return points;
}

async function send(app: TestApp, points: SentPoint[]): Promise<void> {
  for (let offset = 0; offset < points.length; offset += 10_000) {
    const response = await app.request('/v1/metrics/batch', { method: 'POST', body: { metrics: points.slice(offset, offset + 10_000) } });
    expect(response.status).toBe(200);
  }
}

function queryPath(query: ReferenceQuery, step: string): string {
  const params = new URLSearchParams({ name: query.name, from: iso(query.fromMs), to: iso(query.toMs), step, agg: query.agg });
  if (query.groupBy !== undefined) params.set('group_by', query.groupBy);
  if (query.labels) params.set('labels', JSON.stringify(query.labels));
  return `/api/public/metrics/query?${params}`;
}

describe('metrics query', () => {
  let app: TestApp;
  let db: pg.Client;
  const name = `gpu_utilization_${Date.now()}`;
  const sent = buildPoints(name);

  beforeAll(async () => {
    app = await createTestApp();
    db = new pg.Client({ connectionString: app.databaseUrl });
    await db.connect();
    await send(app, sent);
  });
  afterAll(async () => {
    await db.end();
    await app.close();
  });

  async function expectMatchesReference(query: ReferenceQuery, step: StepName): Promise<void> {
    const response = await app.request(queryPath(query, step));
    const context = `${step} ${query.agg} group_by=${query.groupBy} labels=${JSON.stringify(query.labels)} ${iso(query.fromMs)}..${iso(query.toMs)}`;
    if (response.status !== 200) throw new Error(`${context}: ${response.status} ${response.text}`);
    const expected = referenceQuery(sent, query);
    expectSameSeries(response.body.data, expected.data, context);
    expect(response.body.meta).toEqual({
      ...(expected.latestMs === undefined ? {} : { latest_ts: iso(expected.latestMs) }),
      series_count: expected.data.length,
      truncated: expected.truncated,
    });
  }

  /** Windows per step, each within the 10,000-bucket cap: one cut mid-bucket, one on exact day edges. */
  function windowsFor(step: StepName): [number, number][] {
    if (STEPS[step] < MINUTE) return [[base + DAY - 10 * MINUTE + 3_333, base + DAY + 20 * MINUTE], [base + DAY, base + DAY + HOUR]];
    const windows: [number, number][] = [
      [base + DAY - 2 * HOUR + 7_123, base + 2 * DAY + 3 * HOUR + 1_500],
      [base + DAY, base + 2 * DAY],
    ];
    return STEPS[step] >= HOUR ? [...windows, [base - DAY, base + 4 * DAY]] : windows;
  }

  it('answers every aggregation and step like the computation on the sent points', async () => {
    for (const step of Object.keys(STEPS) as StepName[]) {
      for (const [fromMs, toMs] of windowsFor(step)) {
        for (const agg of AGG_NAMES) await expectMatchesReference({ name, fromMs, toMs, stepMs: STEPS[step], agg }, step);
      }
      // group_by and label filters on the window that cuts buckets.
      for (const [fromMs, toMs] of windowsFor(step).slice(0, 1)) {
        for (const agg of ['avg', 'last', 'p95', 'count']) {
          await expectMatchesReference({ name, fromMs, toMs, stepMs: STEPS[step], agg, groupBy: 'gpu' }, step);
        }
        for (const agg of ['sum', 'max', 'p50']) {
          await expectMatchesReference({ name, fromMs, toMs, stepMs: STEPS[step], agg, labels: { node: 'n1' } }, step);
        }
      }
    }
  }, 300_000);

  it('answers for a point back-filled a year ago', async () => {
    for (const step of ['1m', '5m', '1h'] as StepName[]) {
      for (const agg of AGG_NAMES) {
        await expectMatchesReference({ name, fromMs: yearAgo - HOUR, toMs: yearAgo + HOUR, stepMs: STEPS[step], agg }, step);
      }
    }
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM metric_points p JOIN metric_series s ON s.id = p.series_id
       WHERE s.project_id = $1 AND s.name = $2 AND p.ts < $3`,
      [app.projectId, name, iso(yearAgo + DAY)],
    );
    expect(rows[0].n).toBe(62);
  });

  it('keeps both samples of a duplicate and takes the greater one as last', async () => {
    const path = `/api/public/metrics/query?name=${name}&from=${iso(base + DAY)}&to=${iso(base + DAY + 9_999)}&step=10s&labels=${encodeURIComponent('{"gpu":"0","node":"n1"}')}`;
    const count = await app.request(`${path}&agg=count`);
    const last = await app.request(`${path}&agg=last`);
    expect(count.body.data[0].values[0]).toEqual({ timestamp: iso(base + DAY), value: 3 });
    expect(last.body.data[0].values[0]).toEqual({ timestamp: iso(base + DAY), value: 9 });
  });

  it('gives group_by series of points without the label the value null', async () => {
    const response = await app.request(
      `/api/public/metrics/query?name=${name}&from=${iso(base)}&to=${iso(base + HOUR)}&step=1h&group_by=gpu&agg=count`,
    );
    expect(response.body.data.map((series: { labels: unknown }) => series.labels)).toEqual([
      { gpu: '0' },
      { gpu: '1' },
      { gpu: null },
    ]);
  });

  it('reads whole rollup buckets from rollups and gives the same answer as the raw computation', async () => {
    const rollupAggs: AggName[] = ['avg', 'sum', 'min', 'max', 'count', 'last'];
    let planned = 0;
    for (const step of ['5m', '15m', '1h', '6h', '1d', '1w'] as StepName[]) {
      for (const [fromMs, toMs] of windowsFor(step)) {
        for (const agg of rollupAggs) {
          const input = { projectId: app.projectId, name, labelsFilter: '{}', groupBy: null, agg, stepMs: STEPS[step], fromMs, toMs };
          const plan = planRollup(agg, STEPS[step], fromMs, toMs, Date.now() - 365 * DAY);
          if (plan) planned++;
          const viaRollups = await runBuckets(metricBucketsQuery({ ...input, rollup: plan }));
          const raw = await runBuckets(metricBucketsQuery({ ...input, rollup: undefined }));
          expectSameSeries(viaRollups, raw, `${step} ${agg} rollup vs raw`);
        }
      }
    }
    expect(planned).toBeGreaterThan(50);
  }, 300_000);

  it('serves a whole bucket from the rollup table and cut buckets from raw points', async () => {
    // A metric of its own: tamper with one stored rollup row and watch which answers change.
    const own = `${name}_rollup_probe`;
    const points = Array.from({ length: 24 }, (_, i) => ({ name: own, value: i + 1, timestamp: iso(base + i * 5 * MINUTE) }));
    await send(app, points);
    await foldRollupDeltas(db, app.projectId);
    await db.query(
      `UPDATE metric_rollups_1h r SET sum = sum + 1000 FROM metric_series s
       WHERE s.id = r.series_id AND s.project_id = $1 AND s.name = $2 AND r.bucket = $3`,
      [app.projectId, own, iso(base)],
    );
    const whole = await app.request(`/api/public/metrics/query?name=${own}&from=${iso(base)}&to=${iso(base + 2 * HOUR)}&step=1h&agg=sum`);
    const cut = await app.request(`/api/public/metrics/query?name=${own}&from=${iso(base + 1)}&to=${iso(base + 2 * HOUR)}&step=1h&agg=sum`);
    const p50 = await app.request(`/api/public/metrics/query?name=${own}&from=${iso(base)}&to=${iso(base + 2 * HOUR)}&step=1h&agg=p50`);
    expect(whole.body.data[0].values[0].value).toBe(78 + 1000); // 1+…+12, plus the tampered 1000: rollup read
    expect(cut.body.data[0].values[0].value).toBe(77); // `from` cuts the bucket (the point at its start is out): raw
    expect(p50.body.data[0].values[0].value).toBe(6.5); // percentiles are always exact from raw points
  });

  it('counts every point once while part of a bucket waits as unfolded deltas', async () => {
    // Half the points folded into rollups, the other half (same buckets) held back as deltas.
    const own = `${name}_deltas`;
    const points = Array.from({ length: 400 }, (_, i) => ({
      name: own,
      labels: { half: String(i % 2) },
      value: ((i * 7919) % 1000) / 10 - 30,
      timestamp: iso(base + i * 47_000 + (i % 3)),
    }));
    const windows: [number, number][] = [
      [base, base + 6 * HOUR],
      [base + 7_777, base + 5 * HOUR + 11],
    ];
    // Few combinations: the fold lock is held (for every test file on this database) meanwhile.
    const compare = async (context: string) => {
      for (const step of ['5m', '1h'] as StepName[]) {
        for (const [fromMs, toMs] of windows) {
          for (const agg of ['avg', 'sum', 'min', 'max', 'count', 'last'] as AggName[]) {
            const input = { projectId: app.projectId, name: own, labelsFilter: '{}', groupBy: null, agg, stepMs: STEPS[step], fromMs, toMs };
            const plan = planRollup(agg, STEPS[step], fromMs, toMs, Date.now() - 365 * DAY);
            expect(plan).toBeDefined();
            const viaRollups = await runBuckets(metricBucketsQuery({ ...input, rollup: plan }));
            expectSameSeries(viaRollups, await runBuckets(metricBucketsQuery({ ...input, rollup: undefined })), `${context} ${step} ${agg}`);
            expect(viaRollups.length).toBe(2);
          }
        }
      }
    };
    await send(app, points.filter((_, i) => i % 4 < 2));
    await foldRollupDeltas(db, app.projectId);
    await db.query(FOLD_LOCK_SQL);
    try {
      await send(app, points.filter((_, i) => i % 4 >= 2));
      expect(await pendingDeltas(db, app.projectId, own)).toBeGreaterThan(0);
      await compare('rollups + deltas');
      const http = await app.request(`/api/public/metrics/query?name=${own}&from=${iso(base)}&to=${iso(base + 6 * HOUR)}&step=6h&agg=count`);
      expect(http.body.data.map((series: { values: { value: number }[] }) => series.values[0].value)).toEqual([200, 200]);
    } finally {
      await db.query(FOLD_UNLOCK_SQL);
    }
    await foldRollupDeltas(db, app.projectId);
    await compare('folded');
  }, 120_000);

  it('caps series at 50 and points at 1,000 and says so', async () => {
    const many = `${name}_many_series`;
    await send(app, Array.from({ length: 51 }, (_, i) => ({ name: many, labels: { id: `s${i}` }, value: i, timestamp: iso(base + i) })));
    const series = await app.request(`/api/public/metrics/query?name=${many}&from=${iso(base)}&to=${iso(base + MINUTE)}&step=1m&agg=max`);
    expect(series.body.meta).toEqual({ latest_ts: iso(base), series_count: 50, truncated: true });
    const expectedOrder = Array.from({ length: 51 }, (_, i) => `s${i}`).sort().slice(0, 50);
    expect(series.body.data.map((entry: { labels: { id: string } }) => entry.labels.id)).toEqual(expectedOrder);

    const long = `${name}_long`;
    await send(app, Array.from({ length: 1001 }, (_, i) => ({ name: long, value: i, timestamp: iso(base + i * 10_000) })));
    const points = await app.request(`/api/public/metrics/query?name=${long}&from=${iso(base)}&to=${iso(base + 3 * HOUR)}&step=10s&agg=min`);
    expect(points.body.data[0].values).toHaveLength(1000);
    expect(points.body.data[0].values[999]).toEqual({ timestamp: iso(base + 999 * 10_000), value: 999 });
    expect(points.body.meta).toEqual({ latest_ts: iso(base + 1000 * 10_000), series_count: 1, truncated: true });
  });

  it('refuses a window of more than 10,000 buckets and bad parameters with 400', async () => {
    const tooMany = await app.request(`/api/public/metrics/query?name=${name}&from=${iso(base)}&to=${iso(base + 2 * DAY)}&step=10s`);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toMatch(/wider step/);
    const cases = [
      ['', /name/],
      [`name=${name}&step=2m`, /invalid step/],
      [`name=${name}&agg=median`, /invalid agg/],
      [`name=${name}&from=${iso(base + HOUR)}&to=${iso(base)}`, /from must be <= to/],
      [`name=${name}&from=yesterday`, /invalid from/],
      [`name=${name}&labels=${encodeURIComponent('{bad')}`, /invalid labels json/],
    ] as const;
    for (const [query, message] of cases) {
      const response = await app.request(`/api/public/metrics/query?${query}`);
      expect(response.status).toBe(400);
      expect(response.body.message).toMatch(message);
    }
    const upperCase = await app.request(`/api/public/metrics/query?name=${name}&agg=P99&step=1H&from=${iso(base)}&to=${iso(base + HOUR)}`);
    expect(upperCase.status).toBe(200);
  });

  it('accepts a literal + offset in query timestamps', async () => {
    const from = new Date(base).toISOString().replace('.000Z', '+00:00');
    const response = await app.request(`/api/public/metrics/query?name=${name}&from=${from}&to=${from.replace('T00', 'T01')}&step=1h&agg=count`);
    expect(response.status).toBe(200);
    expect(response.body.data.length).toBeGreaterThan(0);
  });

  it('lists names and label values', async () => {
    const names = await app.request('/api/public/metrics/names');
    expect(names.body.data).toEqual(
      [name, `${name}_deltas`, `${name}_long`, `${name}_many_series`, `${name}_rollup_probe`].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))),
    );
    const labels = await app.request(`/api/public/metrics/labels?name=${name}`);
    expect(labels.body).toEqual({ data: { gpu: ['0', '1'], node: ['n1', 'n10', 'n2'], zone: ['é"\\ü'] } });
    const many = await app.request(`/api/public/metrics/labels?name=${name}_many_series`);
    expect(many.body.data.id).toHaveLength(51);
  });

  async function runBuckets(query: { sql: string; params: unknown[] }) {
    const { rows } = await db.query(query.sql, query.params);
    return rows.map((row: { labels: Record<string, string | null>; buckets: number[]; values: number[] }) => ({
      labels: row.labels,
      values: row.buckets.map((bucketMs, index) => ({ timestamp: iso(bucketMs), value: row.values[index] })),
    }));
  }
});
