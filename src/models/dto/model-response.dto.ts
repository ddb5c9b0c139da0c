import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/dto/page-meta.dto.js';
import { MODEL_UNITS } from './create-model.dto.js';

/** The single (default) pricing tier, in Langfuse's shape. */
export class PricingTierDto {
  id: string;
  name: string;
  isDefault: boolean;
  priority: number;
  conditions: unknown[];
  /** USD per unit by usage type. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } })
  prices: Record<string, number>;
}

/** A model price row (Langfuse `Model`). */
export class ModelResponseDto {
  id: string;
  modelName: string;
  /** Regular expression, matched case-insensitively against an observation's model. */
  matchPattern: string;
  /** Prices observations that started at or after this time; null = always. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  startDate: string | null;
  @ApiProperty({ enum: MODEL_UNITS, enumName: 'ModelUnit' })
  unit: string;
  /** USD per input unit (`prices.input`). */
  inputPrice: number | null;
  /** USD per output unit (`prices.output`). */
  outputPrice: number | null;
  /** USD per total unit (`prices.total`). */
  totalPrice: number | null;
  /** USD per unit by usage type. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'object', properties: { price: { type: 'number' } } } })
  prices: Record<string, { price: number }>;
  pricingTiers: PricingTierDto[];
  tokenizerId: string | null;
  tokenizerConfig: unknown;
  /** True for xtrace's built-in rows (shared by all projects, not deletable). */
  isLangfuseManaged: boolean;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class ModelListResponseDto {
  data: ModelResponseDto[];
  meta: PageMetaDto;
}
