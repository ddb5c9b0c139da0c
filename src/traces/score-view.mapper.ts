import type { ScoreViewDto } from './dto/score-view.dto.js';
import type { ScoreEntity } from './score.entity.js';

/** Score types whose view carries `stringValue`. */
const STRING_VALUED = new Set(['BOOLEAN', 'CATEGORICAL']);

/** A score as trace reads show it (ScoreV1). */
export function toScoreView(score: ScoreEntity): ScoreViewDto {
  const view: ScoreViewDto = {
    id: score.id,
    traceId: score.traceId,
    name: score.name,
    source: score.source,
    observationId: score.observationId,
    timestamp: score.timestamp,
    createdAt: score.createdAt,
    updatedAt: score.updatedAt,
    authorUserId: score.authorUserId,
    comment: score.comment,
    metadata: score.metadata ?? null,
    configId: score.configId,
    queueId: score.queueId,
    environment: score.environment,
    dataType: score.dataType,
    value: score.value,
  };
  if (STRING_VALUED.has(score.dataType)) view.stringValue = score.stringValue;
  return view;
}
