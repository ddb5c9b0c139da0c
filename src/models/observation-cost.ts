import { computeCost } from './cost-calculator.js';
import type { ModelMatcher } from './model-matching.js';
import { collectUsage } from './usage-keys.js';

/**
 * What the cost step needs to know about one observation write (a structural subset of
 * the traces module's ObservationRow; `undefined` = not carried by this write).
 */
export interface ObservationCostWrite {
  id: string;
  model?: string;
  startTime?: Date;
  unit?: string;
  usage?: unknown;
  usageDetails?: Record<string, number>;
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
  modelId?: string;
  calculatedInputCost?: number;
  calculatedOutputCost?: number;
  calculatedTotalCost?: number;
  costDetails?: Record<string, number>;
  /** Set by the cost step, never by a door: whose costs the row holds. */
  costSource?: 'client' | 'computed';
}

/** The cost columns of an observation, as stored or as they should be. */
export interface CostColumns {
  id: string;
  modelId: string | null;
  inputCost: number | null;
  outputCost: number | null;
  totalCost: number | null;
  costDetails: Record<string, number> | null;
  costSource: 'client' | 'computed' | null;
}

/** An observation as stored, with what pricing reads. */
export interface StoredObservationCost extends CostColumns {
  model: string | null;
  unit: string | null;
  /** start time, else creation time */
  startedAt: Date;
  usageDetails: Record<string, unknown> | null;
  usage: unknown;
  promptTokens: number | null;
  completionTokens: number | null;
  totalTokens: number | null;
}

/** A write that sends any cost: its costs are the client's and are never recomputed. */
export function carriesClientCost(write: ObservationCostWrite): boolean {
  return (
    write.calculatedInputCost !== undefined ||
    write.calculatedOutputCost !== undefined ||
    write.calculatedTotalCost !== undefined ||
    (write.costDetails !== undefined && Object.keys(write.costDetails).length > 0)
  );
}

/** A write that can change the computed cost: it carries the model, start time, unit or usage. */
export function affectsCost(write: ObservationCostWrite): boolean {
  return [
    write.model,
    write.startTime,
    write.unit,
    write.usage,
    write.usageDetails,
    write.promptTokens,
    write.completionTokens,
    write.totalTokens,
  ].some((value) => value !== undefined);
}

/** The client's costs as a write carried them (absent = null). */
export function clientCostColumns(write: ObservationCostWrite): Omit<CostColumns, 'costSource'> {
  return {
    id: write.id,
    modelId: write.modelId ?? null,
    inputCost: write.calculatedInputCost ?? null,
    outputCost: write.calculatedOutputCost ?? null,
    totalCost: write.calculatedTotalCost ?? null,
    costDetails: write.costDetails ?? null,
  };
}

export interface PricedObservation {
  /** The observation carries usage, so xtrace prices it (whether or not a model matched). */
  priceable: boolean;
  /** The cost columns it should have; undefined = leave the stored ones alone. */
  planned: CostColumns | undefined;
}

/**
 * The computed cost of a stored observation. Usage is read from the usage-details map,
 * then the token columns, then the raw `usage` object (first wins per usage type).
 * No usage: nothing to do. No matching model or no priced usage: computed costs stored
 * earlier are cleared (a model or price was removed); client costs never reach here.
 */
export function priceObservation(projectId: string, stored: StoredObservationCost, matcher: ModelMatcher): PricedObservation {
  const usage = collectUsage(
    stored.usageDetails,
    { input: stored.promptTokens, output: stored.completionTokens, total: stored.totalTokens },
    isObject(stored.usage) ? stored.usage : undefined,
  );
  if (usage.size === 0) return { priceable: false, planned: undefined };
  const row = stored.model === null ? undefined : matcher.match(projectId, stored.model, stored.startedAt, stored.unit);
  const cost = row && computeCost(usage, row.canonicalPrices);
  if (!row || !cost) {
    const cleared = { id: stored.id, modelId: null, inputCost: null, outputCost: null, totalCost: null, costDetails: null, costSource: null };
    return { priceable: true, planned: stored.costSource === 'computed' ? cleared : undefined };
  }
  return {
    priceable: true,
    planned: {
      id: stored.id,
      modelId: row.id,
      inputCost: cost.inputCost,
      outputCost: cost.outputCost,
      totalCost: cost.totalCost,
      costDetails: cost.costDetails,
      costSource: 'computed',
    },
  };
}

/** How one observation write is priced before the merge upsert. */
export interface WritePlan<W extends ObservationCostWrite> {
  /** What the merge upsert writes: the write, with computed costs or the client mark added. */
  row: W;
  /** A row whose computed costs give way to the client's: cleared after the upsert. */
  clientTransition?: Omit<CostColumns, 'costSource'>;
  /** Computed costs the upsert cannot write (it never overwrites a value with null): written after it. */
  correction?: CostColumns;
}

/**
 * Prices a write on the row it will produce: the stored row (if any) with the fields the
 * write carries laid over it, as the merge upsert does. Most writes leave with their costs
 * attached, so the upsert stores them in the same statement.
 */
export function planWrite<W extends ObservationCostWrite>(
  projectId: string,
  write: W,
  stored: StoredObservationCost | undefined,
  matcher: ModelMatcher,
  now: Date,
): WritePlan<W> {
  if (carriesClientCost(write)) {
    if (stored?.costSource === 'computed') return { row: write, clientTransition: clientCostColumns(write) };
    return { row: { ...write, costSource: 'client' } };
  }
  if (stored?.costSource === 'client' || !affectsCost(write)) return { row: write };
  const { planned } = priceObservation(projectId, merged(write, stored, now), matcher);
  if (!planned) return { row: write };
  if (planned.costSource === null || (stored && clearsStoredValue(stored, planned))) return { row: write, correction: planned };
  return {
    row: {
      ...write,
      modelId: planned.modelId ?? undefined,
      calculatedInputCost: planned.inputCost ?? undefined,
      calculatedOutputCost: planned.outputCost ?? undefined,
      calculatedTotalCost: planned.totalCost ?? undefined,
      costDetails: planned.costDetails ?? undefined,
      costSource: 'computed',
    },
  };
}

/** The row after the merge upsert, as far as pricing reads it (absent write fields keep the stored value). */
function merged(write: ObservationCostWrite, stored: StoredObservationCost | undefined, now: Date): StoredObservationCost {
  return {
    id: write.id,
    model: write.model ?? stored?.model ?? null,
    unit: write.unit ?? stored?.unit ?? null,
    startedAt: write.startTime ?? stored?.startedAt ?? now,
    usageDetails: write.usageDetails ?? stored?.usageDetails ?? null,
    usage: write.usage ?? stored?.usage ?? null,
    promptTokens: write.promptTokens ?? stored?.promptTokens ?? null,
    completionTokens: write.completionTokens ?? stored?.completionTokens ?? null,
    totalTokens: write.totalTokens ?? stored?.totalTokens ?? null,
    modelId: stored?.modelId ?? null,
    inputCost: stored?.inputCost ?? null,
    outputCost: stored?.outputCost ?? null,
    totalCost: stored?.totalCost ?? null,
    costDetails: stored?.costDetails ?? null,
    costSource: stored?.costSource ?? null,
  };
}

function clearsStoredValue(stored: CostColumns, planned: CostColumns): boolean {
  return (
    (planned.modelId === null && stored.modelId !== null) ||
    (planned.inputCost === null && stored.inputCost !== null) ||
    (planned.outputCost === null && stored.outputCost !== null) ||
    (planned.totalCost === null && stored.totalCost !== null) ||
    (planned.costDetails === null && stored.costDetails !== null)
  );
}

/** Whether writing `planned` would change what is stored. */
export function costChanged(stored: CostColumns, planned: CostColumns): boolean {
  return (
    stored.modelId !== planned.modelId ||
    stored.inputCost !== planned.inputCost ||
    stored.outputCost !== planned.outputCost ||
    stored.totalCost !== planned.totalCost ||
    stored.costSource !== planned.costSource ||
    !sameNumbers(stored.costDetails, planned.costDetails)
  );
}

function sameNumbers(a: Record<string, number> | null, b: Record<string, number> | null): boolean {
  if (a === null || b === null) return a === b;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
