import { type UsageAmount, usageSide } from './usage-keys.js';

/** Costs in USD computed for one observation. */
export interface CostResult {
  /** null when the model prices only totals (no input/output split). */
  inputCost: number | null;
  outputCost: number | null;
  totalCost: number;
  /** Cost per priced usage key (named as in the usage; `input`, `output` for the base amounts) and `total`. */
  costDetails: Record<string, number>;
}

/**
 * Prices `usage` (canonical usage type → amount) with `prices` (canonical usage type → USD
 * per unit). Every usage type is a separate bucket (Langfuse semantics: `input` does not
 * include `input_cache_read`):
 * - a usage type with its own price costs units × that price;
 * - an `input_*` / `output_*` detail without its own price costs the `input` / `output` price;
 * - other usage types without a price cost nothing;
 * - input cost sums the input side, output cost the output side, total cost everything priced;
 * - a model priced only per `total` unit costs total units (given, else the sum of all
 *   amounts) × that price, with no input/output split (both null).
 * Returns undefined when nothing in the usage has a price.
 */
export function computeCost(usage: ReadonlyMap<string, UsageAmount>, prices: ReadonlyMap<string, number>): CostResult | undefined {
  const costDetails: Record<string, number> = {};
  let inputCost = 0;
  let outputCost = 0;
  let priced = false;
  for (const [canonical, amount] of usage) {
    if (canonical === 'total') continue;
    const side = usageSide(canonical);
    const price = prices.get(canonical) ?? (side ? prices.get(side) : undefined);
    if (price === undefined) continue;
    const cost = amount.units * price;
    const key = canonical === 'input' || canonical === 'output' ? canonical : amount.key;
    costDetails[key] = (costDetails[key] ?? 0) + cost;
    if (side === 'input') inputCost += cost;
    else if (side === 'output') outputCost += cost;
    priced = true;
  }
  if (priced) {
    const totalCost = Object.values(costDetails).reduce((sum, cost) => sum + cost, 0);
    return { inputCost, outputCost, totalCost, costDetails: { ...costDetails, total: totalCost } };
  }
  const totalPrice = prices.get('total');
  const totalUnits = usage.get('total')?.units ?? sumUnits(usage);
  if (totalPrice === undefined || totalUnits === undefined) return undefined;
  const totalCost = totalUnits * totalPrice;
  return { inputCost: null, outputCost: null, totalCost, costDetails: { total: totalCost } };
}

function sumUnits(usage: ReadonlyMap<string, UsageAmount>): number | undefined {
  if (usage.size === 0) return undefined;
  let sum = 0;
  for (const amount of usage.values()) sum += amount.units;
  return sum;
}
