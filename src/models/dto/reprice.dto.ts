import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { IsRfc3339 } from '../../common/validation/is-rfc3339.js';

/** Recompute xtrace-computed costs of the observations that started in [from, to]. */
export class RepriceRequestDto {
  /** Window start, inclusive (RFC 3339). */
  @ApiProperty({ type: String, format: 'date-time', required: true })
  @IsRfc3339()
  from: string;

  /** Window end, inclusive (RFC 3339). */
  @ApiProperty({ type: String, format: 'date-time', required: true })
  @IsRfc3339()
  to: string;

  /** Only observations of this model (exact name, case-insensitive). */
  @IsOptional()
  @IsString()
  @Length(1, 200)
  model?: string;

  /** Report what would change without writing. */
  @IsOptional()
  @IsBoolean()
  dryRun?: boolean;
}

export class RepriceResponseDto {
  /** Observations in the window that xtrace prices: usage, a model, no client cost. */
  observations: number;
  /** Of those, how many got (with dryRun: would get) different costs. */
  changed: number;
  /** Sum of (new − old) total cost over the changed observations, USD. */
  costDelta: number;
}
