import { createTestApp, type TestApp } from '../setup/create-test-app.js';

const HOSTILE = [
  `'; DROP TABLE metric_points; --`,
  `gpu') OR 1=1 --`,
  `pg_sleep(5)`,
  `'||pg_sleep(5)||'`,
  `$1`,
  `"quoted"`,
  `{"a":{"b":"c"}}`,
  `gpu"; SELECT 1; --`,
  `\\x00`,
  `é漢字🙂`,
];

describe('metrics queries under hostile input', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
    const now = Date.now();
    const response = await app.request('/v1/metrics/batch', {
      method: 'POST',
      body: {
        metrics: [
          { name: 'hostile', labels: { gpu: '0', [HOSTILE[0]]: HOSTILE[2] }, value: 1, timestamp: new Date(now - 60_000).toISOString() },
          { name: HOSTILE[1], labels: { a: HOSTILE[3] }, value: 2, timestamp: new Date(now - 60_000).toISOString() },
        ],
      },
    });
    expect(response.status).toBe(200);
  });
  afterAll(() => app.close());

  async function expectSafe(path: string): Promise<{ status: number; body: any }> {
    const started = Date.now();
    const response = await app.request(path);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect([200, 400]).toContain(response.status);
    if (response.status === 400) expect(response.body.code).toBe('BAD_REQUEST');
    return response;
  }

  it('treats hostile group_by, name and labels as values: 400 or a plain answer, never a 500 or a delay', async () => {
    for (const value of HOSTILE) {
      const encoded = encodeURIComponent(value);
      await expectSafe(`/api/public/metrics/query?name=hostile&group_by=${encoded}`);
      await expectSafe(`/api/public/metrics/query?name=${encoded}`);
      await expectSafe(`/api/public/metrics/query?name=hostile&labels=${encoded}`);
      await expectSafe(`/api/public/metrics/query?name=hostile&labels=${encodeURIComponent(JSON.stringify({ gpu: value }))}`);
      await expectSafe(`/api/public/metrics/labels?name=${encoded}`);
      await expectSafe(`/api/public/metrics/query?name=hostile&agg=${encoded}&step=${encoded}`);
    }
    for (const labels of ['[1,2]', 'null', '"x"', '{"a":"\\u0000"}', '['.repeat(1000) + ']'.repeat(1000), '{"a":'.repeat(500) + '1' + '}'.repeat(500)]) {
      await expectSafe(`/api/public/metrics/query?name=hostile&labels=${encodeURIComponent(labels)}`);
    }
    for (const name of ['a\u0000b', 'x'.repeat(201)]) {
      const response = await expectSafe(`/api/public/metrics/query?name=${encodeURIComponent(name)}`);
      expect(response.status).toBe(400);
    }
  });

  it('groups by a hostile label key as data', async () => {
    const response = await expectSafe(`/api/public/metrics/query?name=hostile&group_by=${encodeURIComponent(HOSTILE[0])}&agg=count`);
    expect(response.body.data).toEqual([{ labels: { [HOSTILE[0]]: HOSTILE[2] }, values: [expect.objectContaining({ value: 1 })] }]);
    const filtered = await expectSafe(`/api/public/metrics/query?name=${encodeURIComponent(HOSTILE[1])}&labels=${encodeURIComponent(JSON.stringify({ a: HOSTILE[3] }))}`);
    expect(filtered.body.data).toHaveLength(1);
    const nested = await expectSafe(`/api/public/metrics/query?name=hostile&labels=${encodeURIComponent('{"gpu":{"0":"x"}}')}`);
    expect(nested.body).toEqual({ data: [], meta: { series_count: 0, truncated: false } });
  });

  it('still has its tables and data afterwards', async () => {
    const response = await expectSafe('/api/public/metrics/names');
    expect(response.body.data).toEqual([HOSTILE[1], 'hostile'].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  });
});
