import { Transform, Type } from 'class-transformer';
import { IsArray, IsInt, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { NO_NUL } from './metrics-query.dto.js';

const clamp = (min: number, max: number) => ({ value }: { value: unknown }) => {
  const number = Number(value);
  return Number.isInteger(number) ? Math.min(max, Math.max(min, number)) : value;
};

/** `tags=a&tags=b`, and a single `tags=a,b` (what the Langfuse v3 SDK sends). */
const toTagList = ({ value }: { value: unknown }) => {
  const values = Array.isArray(value) ? value : [value];
  return values.flatMap((item) => (typeof item === 'string' ? item.split(',') : [item])).filter((tag) => tag !== '');
};

export class MetricsDailyQueryDto {
  /** Page number, from 1 (smaller values count as 1). */
  @IsOptional()
  @Type(() => Number)
  @Transform(clamp(1, Number.MAX_SAFE_INTEGER))
  @IsInt()
  page: number = 1;

  /** Days per page, 1..200 (clamped). */
  @IsOptional()
  @Type(() => Number)
  @Transform(clamp(1, 200))
  @IsInt()
  limit: number = 50;

  /** Only traces with this name. */
  @IsOptional() @IsString() @MaxLength(1000) @Matches(NO_NUL) traceName?: string;
  /** Only traces of this user. */
  @IsOptional() @IsString() @MaxLength(1000) @Matches(NO_NUL) userId?: string;
  /** Only traces carrying all these tags (repeat the parameter or separate with commas). */
  @IsOptional()
  @Transform(toTagList)
  @IsArray()
  @IsString({ each: true })
  @Matches(NO_NUL, { each: true })
  tags?: string[];
  /** Window start on trace timestamp, RFC 3339, inclusive. Default: `toTimestamp` minus 30 days. */
  @IsOptional() @IsString() @MaxLength(64) fromTimestamp?: string;
  /** Window end on trace timestamp, RFC 3339, inclusive. Default: now. */
  @IsOptional() @IsString() @MaxLength(64) toTimestamp?: string;
  /** Only traces of this version. */
  @IsOptional() @IsString() @MaxLength(1000) @Matches(NO_NUL) version?: string;
  /** Only traces of this release. */
  @IsOptional() @IsString() @MaxLength(1000) @Matches(NO_NUL) release?: string;
}
