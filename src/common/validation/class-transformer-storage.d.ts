// class-transformer has no `exports` map and ships its types apart from its CommonJS build:
// this names the types of the metadata storage its decorators write to (read by in-place-validator.ts).
declare module 'class-transformer/cjs/storage.js' {
  export { defaultMetadataStorage } from 'class-transformer/types/storage.js';
}
