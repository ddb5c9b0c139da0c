import { TraceEntity } from './trace.entity.js';
import { parseTraceFieldGroups, toTraceView } from './trace-view.mapper.js';

const trace = Object.assign(new TraceEntity(), {
  projectId: 'proj', id: 'trace-1', environment: 'default', timestamp: new Date('2026-01-01T00:00:00Z'),
  timestampExplicit: true, name: 'n', input: null, output: { a: 1 }, sessionId: null, release: null, version: null,
  userId: null, metadata: null, tags: [], public: false, externalId: null, bookmarked: false, latency: null,
  totalCost: null, createdAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date('2026-01-01T00:00:00Z'),
});

describe('trace views', () => {
  it('reads field groups; absent means all, unknown groups are ignored', () => {
    expect(parseTraceFieldGroups(undefined)).toEqual({ io: true, scores: true, observations: true, metrics: true });
    expect(parseTraceFieldGroups('core, io ,bogus')).toEqual({ io: true, scores: false, observations: false, metrics: false });
    expect(parseTraceFieldGroups('')).toEqual({ io: false, scores: false, observations: false, metrics: false });
  });

  it('shows every field with io and metrics, null for unset JSON', () => {
    const view = toTraceView(trace, { latency: 1.5, totalCost: 0.25 });
    expect(Object.keys(view)).toEqual([
      'id', 'timestamp', 'name', 'input', 'output', 'sessionId', 'release', 'version', 'userId', 'metadata', 'tags',
      'public', 'projectId', 'externalId', 'bookmarked', 'environment', 'htmlPath', 'latency', 'totalCost',
      'createdAt', 'updatedAt',
    ]);
    expect(view).toMatchObject({ input: null, output: { a: 1 }, metadata: null, latency: 1.5, totalCost: 0.25 });
    expect(view.htmlPath).toBe('/project/proj/traces/trace-1');
  });

  it('omits input, output and metadata without io, and withholds metrics as -1', () => {
    const view = toTraceView(trace, { latency: 1.5, totalCost: 0.25 }, { io: false, metrics: false });
    expect(view).not.toHaveProperty('input');
    expect(view).not.toHaveProperty('output');
    expect(view).not.toHaveProperty('metadata');
    expect(view.latency).toBe(-1);
    expect(view.totalCost).toBe(-1);
  });
});
