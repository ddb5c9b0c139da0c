import { dailyUsageRollupQuery, planUsage } from './daily-usage-rollup.query.js';

const at = (time: string) => Date.parse(`2026-11-21T${time}Z`);

describe('planUsage', () => {
  it('reads whole hours from the rollup, and an end on the first instant of an hour directly', () => {
    expect(planUsage(at('10:00:00.000'), at('13:00:00.000'), at('20:00:00.000'))).toEqual({
      fromHour: '2026-11-21T10:00:00.000Z',
      toHour: '2026-11-21T13:00:00.000Z',
      rawHours: ['2026-11-21T13:00:00.000Z'],
      // The end is inclusive, to the microsecond.
      windows: [{ from: '2026-11-21T13:00:00.000Z', to: '2026-11-21T13:00:00.000001Z', sign: 1 }],
    });
  });

  it('takes away the smaller part of an edge hour, or reads the part inside when that is smaller', () => {
    const plan = planUsage(at('10:50:00.000'), at('13:10:00.000'), at('20:00:00.000'));
    expect(plan.rawHours).toEqual(['2026-11-21T10:00:00.000Z', '2026-11-21T13:00:00.000Z']);
    expect(plan.windows).toEqual([
      { from: '2026-11-21T10:50:00.000Z', to: '2026-11-21T11:00:00.000Z', sign: 1 },
      { from: '2026-11-21T13:00:00.000Z', to: '2026-11-21T13:10:00.000001Z', sign: 1 },
    ]);
    const wide = planUsage(at('10:05:00.000'), at('13:50:00.000'), at('20:00:00.000'));
    expect(wide.rawHours).toEqual([]);
    expect(wide.windows).toEqual([
      { from: '2026-11-21T10:00:00.000Z', to: '2026-11-21T10:05:00.000Z', sign: -1 },
      { from: '2026-11-21T13:50:00.000001Z', to: '2026-11-21T14:00:00.000Z', sign: -1 },
    ]);
  });

  it('counts the future as empty: a range ending now takes away nothing worth reading', () => {
    const now = at('13:10:00.000');
    const plan = planUsage(now - 30 * 86_400_000, now, now);
    expect(plan.fromHour).toBe('2026-10-22T13:00:00.000Z');
    expect(plan.rawHours).toEqual([]);
    expect(plan.windows).toEqual([
      { from: '2026-10-22T13:00:00.000Z', to: '2026-10-22T13:10:00.000Z', sign: -1 },
      { from: '2026-11-21T13:10:00.000001Z', to: '2026-11-21T14:00:00.000Z', sign: -1 },
    ]);
  });

  it('plans a range inside one hour as one edge hour', () => {
    expect(planUsage(at('10:20:00.000'), at('10:30:00.000'), at('20:00:00.000'))).toEqual({
      fromHour: '2026-11-21T10:00:00.000Z',
      toHour: '2026-11-21T10:00:00.000Z',
      rawHours: ['2026-11-21T10:00:00.000Z'],
      windows: [{ from: '2026-11-21T10:20:00.000Z', to: '2026-11-21T10:30:00.000001Z', sign: 1 }],
    });
  });
});

describe('dailyUsageRollupQuery', () => {
  it('binds the plan and the page and puts no value in the SQL text', () => {
    const query = dailyUsageRollupQuery({
      projectId: `p'; DROP TABLE traces; --`,
      fromMs: at('10:20:00.000'),
      toMs: at('10:30:00.000'),
      nowMs: at('20:00:00.000'),
      limit: 10,
      offset: 20,
    });
    expect(query.sql).not.toContain('DROP');
    expect(query.sql).toContain('LIMIT $6 OFFSET $7');
    expect(query.params).toEqual([
      `p'; DROP TABLE traces; --`,
      '2026-11-21T10:00:00.000Z',
      '2026-11-21T10:00:00.000Z',
      ['2026-11-21T10:00:00.000Z'],
      JSON.stringify([{ from: '2026-11-21T10:20:00.000Z', to: '2026-11-21T10:30:00.000001Z', sign: 1 }]),
      10,
      20,
    ]);
  });
});
