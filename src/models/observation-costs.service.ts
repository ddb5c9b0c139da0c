import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import {
  affectsCost,
  carriesClientCost,
  clientCostColumns,
  type CostColumns,
  costChanged,
  type ObservationCostWrite,
  priceObservation,
  type StoredObservationCost,
} from './observation-cost.js';
import {
  MARK_CLIENT_COSTS,
  SELECT_COST_INPUTS,
  SELECT_COST_INPUTS_FOR_UPDATE,
  SELECT_REPRICE_IDS,
  WRITE_COMPUTED_COSTS,
} from './observation-costs.query.js';
import { PriceTableService } from './price-table.service.js';

export interface RepriceRequest {
  from: Date;
  to: Date;
  model?: string;
  dryRun?: boolean;
}

export interface RepriceOutcome {
  /** Observations in the window xtrace prices (usage, a model, no client cost). */
  observations: number;
  /** Of those, how many got (or would get) different costs. */
  changed: number;
  /** New total cost minus old total cost over the changed observations, USD. */
  costDelta: number;
}

/** A reprice touches at most this many observations; larger windows are split by the caller. */
export const MAX_REPRICE_OBSERVATIONS = 500_000;
const CHUNK = 2_000;

/**
 * Computes observation costs from usage and the price table: after every observation write
 * (inside the ingest transaction) and on demand for a time window (reprice).
 */
@Injectable()
export class ObservationCostsService {
  constructor(
    private readonly priceTable: PriceTableService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Runs after the observations of a flush were merged into their rows, in the same
   * transaction, so it prices the merged row: a usage update that arrived before the
   * create carrying the model is priced once the model is there. Four statements at most
   * (mark client costs, table version, select, update), whatever the number of rows.
   */
  async afterObservationsWrite(tx: EntityManager, projectId: string, writes: readonly ObservationCostWrite[]): Promise<void> {
    const clientCosts = writes.filter(carriesClientCost);
    if (clientCosts.length > 0) {
      await tx.query(MARK_CLIENT_COSTS, [projectId, JSON.stringify(clientCosts.map(clientCostColumns))]);
    }
    const toPrice = writes.filter((write) => !carriesClientCost(write) && affectsCost(write)).map((write) => write.id);
    if (toPrice.length > 0) await this.price(tx, projectId, toPrice, { write: true, lock: false });
  }

  /** Recomputes the computed costs of a window; client costs are never touched. */
  async reprice(projectId: string, request: RepriceRequest): Promise<RepriceOutcome> {
    if (request.from.getTime() > request.to.getTime()) throw AppError.badRequest('from must be <= to');
    const write = !request.dryRun;
    return this.dataSource.transaction(async (tx) => {
      const rows = (await tx.query(SELECT_REPRICE_IDS, [
        projectId,
        request.from,
        request.to,
        request.model ?? null,
        MAX_REPRICE_OBSERVATIONS + 1,
      ])) as { id: string }[];
      if (rows.length > MAX_REPRICE_OBSERVATIONS) {
        throw AppError.badRequest(
          `the window holds more than ${MAX_REPRICE_OBSERVATIONS} observations; reprice it in smaller windows`,
        );
      }
      const outcome: RepriceOutcome = { observations: 0, changed: 0, costDelta: 0 };
      for (let start = 0; start < rows.length; start += CHUNK) {
        const ids = rows.slice(start, start + CHUNK).map((row) => row.id);
        const chunk = await this.price(tx, projectId, ids, { write, lock: write });
        outcome.observations += chunk.observations;
        outcome.changed += chunk.changed;
        outcome.costDelta += chunk.costDelta;
      }
      return outcome;
    });
  }

  /** Prices the stored observations `ids` and writes the costs that changed. */
  private async price(
    tx: EntityManager,
    projectId: string,
    ids: string[],
    options: { write: boolean; lock: boolean },
  ): Promise<RepriceOutcome> {
    const stored = (await tx.query(options.lock ? SELECT_COST_INPUTS_FOR_UPDATE : SELECT_COST_INPUTS, [
      projectId,
      ids,
    ])) as StoredObservationCost[];
    const outcome: RepriceOutcome = { observations: 0, changed: 0, costDelta: 0 };
    if (stored.length === 0) return outcome;
    const matcher = await this.priceTable.matcher(tx);
    const changes: CostColumns[] = [];
    for (const observation of stored) {
      const { priceable, planned } = priceObservation(projectId, observation, matcher);
      if (priceable) outcome.observations += 1;
      if (!planned || !costChanged(observation, planned)) continue;
      changes.push(planned);
      outcome.costDelta += (planned.totalCost ?? 0) - (observation.totalCost ?? 0);
    }
    outcome.changed = changes.length;
    if (options.write && changes.length > 0) {
      await tx.query(WRITE_COMPUTED_COSTS, [projectId, JSON.stringify(changes)]);
    }
    return outcome;
  }
}
