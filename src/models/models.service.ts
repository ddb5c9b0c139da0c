import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { pageMeta } from '../common/dto/page-meta.dto.js';
import { clampPage } from '../common/dto/page-query.dto.js';
import { AppError, ErrorCode } from '../common/errors/app-error.js';
import type { CreateModelDto } from './dto/create-model.dto.js';
import { toPriceNumbers } from './dto/is-price-map.js';
import type { ListModelsQueryDto } from './dto/list-models-query.dto.js';
import type { ModelListResponseDto, ModelResponseDto } from './dto/model-response.dto.js';
import type { ModelEntity } from './model.entity.js';
import { canonicalPrices, compilePattern } from './model-matching.js';
import { ModelsRepository } from './models.repository.js';

/** The `/api/public/models` API: the project's own rows and the built-in ones. */
@Injectable()
export class ModelsService {
  constructor(private readonly models: ModelsRepository) {}

  async list(projectId: string, query: ListModelsQueryDto): Promise<ModelListResponseDto> {
    const { page, limit } = clampPage(query.page, query.limit);
    const { rows, total } = await this.models.list(projectId, page, limit);
    return {
      data: rows.map(toModelResponse),
      meta: pageMeta(page, limit, total),
    };
  }

  async get(projectId: string, id: string): Promise<ModelResponseDto> {
    const row = await this.models.get(projectId, id);
    if (!row) throw AppError.notFound('model not found');
    return toModelResponse(row);
  }

  /** Adds a project row; it prices observations written from now on (reprice for older ones). */
  async create(projectId: string, dto: CreateModelDto): Promise<ModelResponseDto> {
    try {
      compilePattern(dto.matchPattern);
    } catch (error) {
      throw AppError.badRequest(`invalid matchPattern: ${(error as Error).message}`);
    }
    const prices = pricesOf(dto);
    const row = await this.models.insert({
      id: randomUUID(),
      projectId,
      modelName: dto.modelName,
      matchPattern: dto.matchPattern,
      startDate: dto.startDate ? new Date(dto.startDate) : null,
      unit: dto.unit ?? 'TOKENS',
      prices,
      tokenizerId: dto.tokenizerId ?? null,
      tokenizerConfig: dto.tokenizerConfig ?? null,
    });
    return toModelResponse(row);
  }

  /** Deletes a project row. Built-in rows cannot be deleted (400): add a project row to override one. */
  async delete(projectId: string, id: string): Promise<void> {
    if (await this.models.deleteOwn(projectId, id)) return;
    const visible = await this.models.get(projectId, id);
    if (visible) {
      throw new AppError(
        ErrorCode.BadRequest,
        'built-in models cannot be deleted; create a project model with the same matchPattern to override it',
      );
    }
    throw AppError.notFound('model not found');
  }
}

/** Prices from either the flat Langfuse fields plus `prices`, or one default pricing tier. */
function pricesOf(dto: CreateModelDto): Record<string, number> {
  const flat = dto.inputPrice != null || dto.outputPrice != null || dto.totalPrice != null || dto.prices !== undefined;
  if (dto.totalPrice != null && (dto.inputPrice != null || dto.outputPrice != null)) {
    throw AppError.badRequest('totalPrice cannot be set together with inputPrice or outputPrice');
  }
  let prices: Record<string, number>;
  if (dto.pricingTiers && dto.pricingTiers.length > 0) {
    if (flat) throw AppError.badRequest('give either pricingTiers or flat prices (inputPrice, outputPrice, totalPrice, prices), not both');
    const [tier] = dto.pricingTiers;
    if (!tier.isDefault || tier.priority !== 0 || tier.conditions.length > 0) {
      throw AppError.badRequest('only one default pricing tier (isDefault: true, priority: 0, conditions: []) is supported');
    }
    prices = toPriceNumbers(tier.prices);
  } else {
    prices = {
      ...(dto.prices ? toPriceNumbers(dto.prices) : {}),
      ...definedPrices({ input: dto.inputPrice, output: dto.outputPrice, total: dto.totalPrice }),
    };
  }
  if (Object.keys(prices).length === 0) throw AppError.badRequest('a model needs at least one price');
  try {
    canonicalPrices(prices);
  } catch (error) {
    throw AppError.badRequest((error as Error).message);
  }
  return prices;
}

function definedPrices(prices: Record<string, number | null | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(prices).filter(([, price]) => price != null)) as Record<string, number>;
}

function toModelResponse(row: ModelEntity): ModelResponseDto {
  return {
    id: row.id,
    modelName: row.modelName,
    matchPattern: row.matchPattern,
    startDate: row.startDate?.toISOString() ?? null,
    unit: row.unit,
    inputPrice: row.inputPrice,
    outputPrice: row.outputPrice,
    totalPrice: row.totalPrice,
    prices: Object.fromEntries(Object.entries(row.prices).map(([usageType, price]) => [usageType, { price }])),
    pricingTiers: [
      { id: `${row.id}_tier_default`, name: 'Standard', isDefault: true, priority: 0, conditions: [], prices: row.prices },
    ],
    tokenizerId: row.tokenizerId,
    tokenizerConfig: row.tokenizerConfig ?? null,
    isLangfuseManaged: row.projectId === null,
    createdAt: row.createdAt.toISOString(),
  };
}
