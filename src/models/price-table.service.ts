import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type CompiledPriceRow, compilePriceRow, ModelMatcher, type PriceRow } from './model-matching.js';
import { ModelsRepository } from './models.repository.js';

/**
 * The price table, cached in the process. Each use asks the database for the table's
 * version (one tiny query) and reloads only when it changed, so a model added or deleted
 * through any xtrace instance prices the next write everywhere, and no observation ever
 * costs a query of its own.
 */
@Injectable()
export class PriceTableService {
  private readonly log = new Logger(PriceTableService.name);
  private cached: { version: string; matcher: ModelMatcher } | undefined;

  constructor(private readonly models: ModelsRepository) {}

  /** The matcher for the table as `manager` (usually a transaction) sees it. */
  async matcher(manager: EntityManager): Promise<ModelMatcher> {
    const version = await this.models.version(manager);
    if (this.cached?.version !== version) {
      const rows = (await this.models.priceRows(manager)).flatMap((row) => this.compile(row));
      this.cached = { version, matcher: new ModelMatcher(rows) };
    }
    return this.cached.matcher;
  }

  // The API validates patterns and price keys; a row written around it (plain SQL) that does
  // not compile is skipped, never allowed to fail ingest.
  private compile(row: PriceRow): CompiledPriceRow[] {
    try {
      return [compilePriceRow(row)];
    } catch (error) {
      this.log.warn({ msg: 'model row skipped', modelId: row.id, reason: (error as Error).message });
      return [];
    }
  }
}
