import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { AGG_NAMES, type AggName, STEP_NAMES, type StepName } from '../metric-steps.js';

/** PostgreSQL text cannot hold NUL; refuse it here rather than fail in the database. */
export const NO_NUL = /^[^\u0000]*$/;
const lowerCase = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class MetricsQueryDto {
  /** Metric name. */
  @IsString()
  @Length(1, 200)
  @Matches(NO_NUL, { message: 'name must not contain NUL characters' })
  name!: string;

  /** Window start, RFC 3339, inclusive. Default: `to` minus one hour. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  from?: string;

  /** Window end, RFC 3339, inclusive. Default: now. */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  to?: string;

  /** JSON object; only series whose labels contain it, e.g. `{"node_id":"n1"}`. */
  @IsOptional()
  @IsString()
  @MaxLength(8192)
  labels?: string;

  /** Bucket width. */
  @IsOptional()
  @Transform(lowerCase)
  @IsIn(STEP_NAMES, { message: `invalid step, must be one of: ${STEP_NAMES.join(', ')}` })
  step: StepName = '1m';

  /** Aggregation per series and bucket (case-insensitive). */
  @IsOptional()
  @Transform(lowerCase)
  @IsIn(AGG_NAMES, { message: `invalid agg, must be one of: ${AGG_NAMES.join(', ')}` })
  agg: AggName = 'avg';

  /** A label key: one series per value of that label (`{"key": null}` for points without it). */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  @Matches(NO_NUL, { message: 'group_by must not contain NUL characters' })
  group_by?: string;
}

export class MetricLabelsQueryDto {
  /** Metric name. */
  @IsString()
  @Length(1, 200)
  @Matches(NO_NUL, { message: 'name must not contain NUL characters' })
  name!: string;
}
