import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsRfc3339 } from '../../common/validation/is-rfc3339.js';
import { IsPriceMap, type PriceMapInput } from './is-price-map.js';

export const MODEL_UNITS = ['TOKENS', 'CHARACTERS', 'MILLISECONDS', 'SECONDS', 'IMAGES', 'REQUESTS'] as const;
export type ModelUnit = (typeof MODEL_UNITS)[number];

/** Langfuse's pricing-tier input; xtrace takes one default tier (no conditional tiers). */
export class PricingTierInputDto {
  @IsString()
  @Length(1, 100)
  name: string;

  /** Must be true: the only tier is the default one. */
  @IsBoolean()
  isDefault: boolean;

  /** Must be 0 for the default tier. */
  @IsInt()
  priority: number;

  /** Must be empty for the default tier. */
  @IsArray()
  conditions: unknown[];

  /** USD per unit by usage type, e.g. `{ "input": 0.0000025, "output": 0.00001 }`. */
  @IsPriceMap()
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  prices: PriceMapInput;
}

/** A project model (Langfuse `CreateModelRequest`). Prices are USD per unit; give at least one. */
export class CreateModelDto {
  /** Name of the model definition; several rows may share it (different start dates). */
  @IsString()
  @Length(1, 200)
  modelName: string;

  /**
   * Regular expression matched case-insensitively against the observation's `model`
   * (a leading `(?i)` is accepted); use `^name$` for an exact match.
   */
  @IsString()
  @Length(1, 500)
  matchPattern: string;

  /** The row prices observations that started at or after this time (RFC 3339); none = always. */
  @IsOptional()
  @IsRfc3339()
  startDate?: string | null;

  /** Unit the prices are per; default TOKENS. */
  @IsOptional()
  @IsIn(MODEL_UNITS)
  @ApiProperty({ enum: MODEL_UNITS, enumName: 'ModelUnit', required: false })
  unit?: ModelUnit;

  /** USD per input unit (usage type `input`). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  inputPrice?: number | null;

  /** USD per output unit (usage type `output`). */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  outputPrice?: number | null;

  /** USD per total unit (usage type `total`); not together with inputPrice/outputPrice. */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  totalPrice?: number | null;

  /**
   * xtrace: prices of further usage types (e.g. `input_cached_tokens`, `output_reasoning_tokens`),
   * USD per unit, as numbers or as `{ "price": number }` (the shape GET returns).
   */
  @IsOptional()
  @IsPriceMap()
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'number' } })
  prices?: PriceMapInput;

  /** Langfuse pricing tiers: exactly one default tier; instead of the flat prices. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1, { message: 'only one (default) pricing tier is supported' })
  @ValidateNested({ each: true })
  @Type(() => PricingTierInputDto)
  pricingTiers?: PricingTierInputDto[];

  /** Kept and returned; xtrace does not tokenize. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  tokenizerId?: string | null;

  /** Kept and returned; xtrace does not tokenize. */
  @IsOptional()
  @IsObject()
  tokenizerConfig?: Record<string, unknown> | null;
}
