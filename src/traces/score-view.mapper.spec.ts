import { ScoreEntity } from './score.entity.js';
import { toScoreView } from './score-view.mapper.js';

function stored(overrides: Partial<ScoreEntity>): ScoreEntity {
  const at = new Date('2026-01-01T00:00:00Z');
  return Object.assign(new ScoreEntity(), {
    projectId: 'p', id: 's', traceId: 't', observationId: null, sessionId: null, datasetRunId: null, name: 'quality',
    value: 0.9, stringValue: null, dataType: 'NUMERIC', source: 'API', comment: null, metadata: null, configId: null,
    queueId: null, authorUserId: null, environment: 'default', timestamp: at, createdAt: at, updatedAt: at,
    ...overrides,
  });
}

describe('toScoreView', () => {
  it('emits the ScoreV1 keys, without stringValue for numeric scores', () => {
    expect(Object.keys(toScoreView(stored({})))).toEqual([
      'id', 'traceId', 'name', 'source', 'observationId', 'timestamp', 'createdAt', 'updatedAt', 'authorUserId',
      'comment', 'metadata', 'configId', 'queueId', 'environment', 'dataType', 'value',
    ]);
  });

  it('adds stringValue for boolean and categorical scores', () => {
    expect(toScoreView(stored({ dataType: 'BOOLEAN', value: 1, stringValue: 'True' })).stringValue).toBe('True');
    const categorical = toScoreView(stored({ dataType: 'CATEGORICAL', value: null, stringValue: 'good' }));
    expect(categorical).toMatchObject({ value: null, stringValue: 'good' });
  });
});
