/** Every TypeORM entity. Feature modules append theirs here. */
export const ENTITIES: Function[] = [];
