import { ModelEntity } from '../models/model.entity.js';

/** Every TypeORM entity. Feature modules append theirs here. */
export const ENTITIES: Function[] = [ModelEntity];
