import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsArray, IsOptional, IsString } from 'class-validator';

/** A repeatable query parameter: `k=a&k=b` and `k=a,b` both give `[a, b]`. */
export function splitList({ value }: { value: unknown }): unknown {
  const values = Array.isArray(value) ? value : [value];
  if (!values.every((item) => typeof item === 'string')) return value;
  return (values as string[]).flatMap((item) => item.split(',')).map((item) => item.trim()).filter(Boolean);
}

/** An optional repeatable query parameter of strings (see `splitList`). */
export const IsStringList = () =>
  applyDecorators(IsOptional(), Transform(splitList), IsArray(), IsString({ each: true }));
