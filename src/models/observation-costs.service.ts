import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppError } from '../common/errors/app-error.js';
import {
  affectsCost,
  carriesClientCost,
  type CostColumns,
  costChanged,
  type ObservationCostWrite,
  planWrite,
  priceObservation,
  type StoredObservationCost,
} from './observation-cost.js';
import {
  LOCK_REPRICE_TRACES,
  MARK_CLIENT_COSTS,
  SELECT_COST_INPUTS,
  SELECT_COST_INPUTS_FOR_UPDATE,
  SELECT_REPRICE_IDS,
  SELECT_STORED_COSTS,
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

/** Observation writes priced for the merge upsert, and what is left for after it. */
export interface PricedWrites<W extends ObservationCostWrite> {
  rows: W[];
  clientTransitions: Omit<CostColumns, 'costSource'>[];
  corrections: CostColumns[];
}

/** A reprice touches at most this many observations; larger windows are split by the caller. */
export const MAX_REPRICE_OBSERVATIONS = 500_000;
const CHUNK = 2_000;

/**
 * Computes observation costs from usage and the price table: with every observation write
 * (inside the ingest transaction) and on demand for a time window (reprice).
 */
@Injectable()
export class ObservationCostsService {
  constructor(
    private readonly priceTable: PriceTableService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /**
   * Prices the observation writes of a flush before the merge upsert, on the row each will
   * produce (stored row + write), so the order of events does not matter: an update with
   * usage that arrived before the create carrying the model is priced when the create lands.
   * The returned rows carry their costs into the upsert; `finishWrites` then handles the
   * few the upsert cannot express. Two statements (table version, stored rows) per flush
   * when any write concerns costs, whatever the number of rows.
   */
  async priceWrites<W extends ObservationCostWrite>(
    tx: EntityManager,
    projectId: string,
    writes: readonly W[],
  ): Promise<PricedWrites<W>> {
    const priced: PricedWrites<W> = { rows: [...writes], clientTransitions: [], corrections: [] };
    const ids = writes.filter((write) => carriesClientCost(write) || affectsCost(write)).map((write) => write.id);
    if (ids.length === 0) return priced;
    const stored = (await tx.query(SELECT_STORED_COSTS, [projectId, ids])) as StoredObservationCost[];
    const storedById = new Map(stored.map((row) => [row.id, row]));
    const matcher = await this.priceTable.matcher(tx);
    const now = new Date();
    priced.rows = writes.map((write) => {
      const plan = planWrite(projectId, write, storedById.get(write.id), matcher, now);
      if (plan.clientTransition) priced.clientTransitions.push(plan.clientTransition);
      if (plan.correction) priced.corrections.push(plan.correction);
      return plan.row;
    });
    return priced;
  }

  /** After the merge upsert: computed costs that give way to client ones, and costs to clear. */
  async finishWrites(tx: EntityManager, projectId: string, priced: PricedWrites<ObservationCostWrite>): Promise<void> {
    if (priced.clientTransitions.length > 0) {
      await tx.query(MARK_CLIENT_COSTS, [projectId, JSON.stringify(priced.clientTransitions)]);
    }
    if (priced.corrections.length > 0) {
      await tx.query(WRITE_COMPUTED_COSTS, [projectId, JSON.stringify(priced.corrections)]);
    }
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
      ])) as { id: string; traceId: string }[];
      if (rows.length > MAX_REPRICE_OBSERVATIONS) {
        throw AppError.badRequest(
          `the window holds more than ${MAX_REPRICE_OBSERVATIONS} observations; reprice it in smaller windows`,
        );
      }
      if (write) await tx.query(LOCK_REPRICE_TRACES, [projectId, [...new Set(rows.map((row) => row.traceId))]]);
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
