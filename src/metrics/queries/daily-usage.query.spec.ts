import { dailyUsageQuery } from './daily-usage.query.js';

const base = { projectId: 'p', fromMs: Date.UTC(2026, 9, 22), toMs: Date.UTC(2026, 10, 21), limit: 50, offset: 0 };

describe('dailyUsageQuery', () => {
  it('binds only the filters given (snapshot)', () => {
    expect(dailyUsageQuery({ ...base, traceName: 'chat', tags: ['a', 'b'] })).toMatchSnapshot();
  });

  it('numbers parameters in order and puts no value in the SQL text', () => {
    const query = dailyUsageQuery({ ...base, userId: `u'; DROP TABLE traces; --`, release: 'r1', limit: 10, offset: 20 });
    expect(query.sql).toContain('t.user_id = $4::text');
    expect(query.sql).toContain('t.release = $5::text');
    expect(query.sql).toContain('LIMIT $6 OFFSET $7');
    expect(query.sql).not.toContain('DROP');
    expect(query.params).toEqual(['p', '2026-10-22T00:00:00.000Z', '2026-11-21T00:00:00.000Z', `u'; DROP TABLE traces; --`, 'r1', 10, 20]);
  });

  it('skips an empty tag list', () => {
    expect(dailyUsageQuery({ ...base, tags: [] }).sql).not.toContain('t.tags');
  });
});
