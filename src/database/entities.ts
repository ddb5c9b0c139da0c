import { ModelEntity } from '../models/model.entity.js';
import { ObservationEntity } from '../traces/observation.entity.js';
import { ScoreEntity } from '../traces/score.entity.js';
import { TraceEntity } from '../traces/trace.entity.js';

/** Every TypeORM entity. Feature modules append theirs here. */
export const ENTITIES: Function[] = [TraceEntity, ObservationEntity, ScoreEntity, ModelEntity];
