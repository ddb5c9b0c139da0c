import type { ValueTransformer } from 'typeorm';

/** `bigint` columns arrive as strings from pg; token counts fit a JS number. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};
