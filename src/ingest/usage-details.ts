/**
 * Token usage and cost in every shape the Langfuse SDKs and OpenTelemetry instrumentations
 * send, normalised to the observation columns (API.md §3.2) while the full maps are kept.
 */

export class UsageShapeError extends Error {}

export interface NormalizedUsage {
  promptTokens?: number;
  completionTokens?: number;
  totalTokens?: number;
  /** Every usage key the client sent, Langfuse-named: `input`, `output`, `total`, detail keys. */
  usageDetails?: Record<string, number>;
  unit?: string;
}

export interface NormalizedCost {
  calculatedInputCost?: number;
  calculatedOutputCost?: number;
  calculatedTotalCost?: number;
  costDetails?: Record<string, number>;
}

// OpenAI Chat (`prompt_tokens`), OpenAI Responses (`input_tokens`) and the v3 SDK's
// camelCase shape all name the same three numbers.
const KEY_ALIASES: Record<string, string> = {
  prompt_tokens: 'input',
  input_tokens: 'input',
  promptTokens: 'input',
  completion_tokens: 'output',
  output_tokens: 'output',
  completionTokens: 'output',
  total_tokens: 'total',
  totalTokens: 'total',
};

// `prompt_tokens_details: { cached_tokens: 2 }` becomes `input_cached_tokens: 2`.
const DETAIL_PREFIXES: Record<string, string> = {
  prompt_tokens_details: 'input',
  input_tokens_details: 'input',
  completion_tokens_details: 'output',
  output_tokens_details: 'output',
};

/**
 * Flattens a usage-details map to Langfuse key names; throws UsageShapeError on non-numbers.
 * OpenAI counts its details (`prompt_tokens_details.cached_tokens`, `reasoning_tokens`) inside
 * `prompt_tokens` / `completion_tokens`; like Langfuse, they are taken out of `input` / `output`
 * so every usage type is a separate bucket and no token is priced twice.
 */
export function flattenUsageDetails(details: unknown, field = 'usageDetails'): Record<string, number> | undefined {
  if (details === undefined || details === null) return undefined;
  if (!isPlainObject(details)) throw new UsageShapeError(`${field} must be an object of numbers`);
  const flat: Record<string, number> = {};
  const fromOpenAiCount = new Set<string>();
  const openAiDetails: Record<string, number> = { input: 0, output: 0 };
  for (const [key, value] of Object.entries(details)) {
    if (value === null || value === undefined) continue;
    if (isPlainObject(value)) {
      const side = DETAIL_PREFIXES[key];
      for (const [detailKey, detailValue] of Object.entries(value)) {
        if (detailValue === null || detailValue === undefined) continue;
        const units = requireNumber(detailValue, `${field}.${key}.${detailKey}`);
        flat[`${side ?? key}_${detailKey}`] = units;
        if (side) openAiDetails[side] += units;
      }
      continue;
    }
    const name = KEY_ALIASES[key] ?? key;
    // An explicit Langfuse key beats an alias of it (`input` over `prompt_tokens`).
    if (name !== key && flat[name] !== undefined) continue;
    flat[name] = requireNumber(value, `${field}.${key}`);
    if (name !== key) fromOpenAiCount.add(name);
    else fromOpenAiCount.delete(name);
  }
  const counted = (['input', 'output'] as const).filter((side) => fromOpenAiCount.has(side) && openAiDetails[side] > 0);
  // The provider's total counts every token once: keep it when it was not sent.
  if (counted.length > 0 && flat.total === undefined) flat.total = (flat.input ?? 0) + (flat.output ?? 0);
  for (const side of counted) flat[side] = Math.max(flat[side] - openAiDetails[side], 0);
  return flat;
}

/**
 * Token numbers: input = usageDetails.input, else usage.input / promptTokens (and the OpenAI
 * aliases); output likewise; total = the given total, else input + output.
 */
export function normalizeUsage(usage: unknown, usageDetails: unknown): NormalizedUsage {
  if (usage !== undefined && usage !== null && !isPlainObject(usage)) {
    throw new UsageShapeError('usage must be an object');
  }
  const legacy = (usage ?? {}) as Record<string, unknown>;
  const details = flattenUsageDetails(usageDetails);
  const legacyNumbers = flattenUsageDetails(
    pick(legacy, ['input', 'output', 'total', 'promptTokens', 'completionTokens', 'totalTokens']),
    'usage',
  )!;
  const input = details?.input ?? legacyNumbers.input;
  const output = details?.output ?? legacyNumbers.output;
  const total = details?.total ?? legacyNumbers.total ?? sumIfAny(input, output);
  const unit = typeof legacy.unit === 'string' ? legacy.unit : undefined;
  const hasAny = details !== undefined || input !== undefined || output !== undefined || total !== undefined;
  if (!hasAny) return { unit };
  const usageDetailsMap = { ...details, ...definedOnly({ input, output, total }) };
  return {
    promptTokens: toTokenCount(input),
    completionTokens: toTokenCount(output),
    totalTokens: toTokenCount(total),
    usageDetails: usageDetailsMap,
    unit,
  };
}

/** Costs in USD: costDetails.{input,output,total}, else usage.{inputCost,outputCost,totalCost}. */
export function normalizeCost(costDetails: unknown, usage: unknown): NormalizedCost {
  const details = flattenUsageDetails(costDetails, 'costDetails');
  const legacy = isPlainObject(usage) ? usage : {};
  const input = details?.input ?? optionalNumber(legacy.inputCost, 'usage.inputCost');
  const output = details?.output ?? optionalNumber(legacy.outputCost, 'usage.outputCost');
  const total = details?.total ?? optionalNumber(legacy.totalCost, 'usage.totalCost') ?? sumIfAny(input, output);
  if (details === undefined && input === undefined && output === undefined && total === undefined) return {};
  return {
    calculatedInputCost: input,
    calculatedOutputCost: output,
    calculatedTotalCost: total,
    costDetails: { ...details, ...definedOnly({ input, output, total }) },
  };
}

function sumIfAny(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined && b === undefined ? undefined : (a ?? 0) + (b ?? 0);
}

// Token columns are integers; a fractional count (some providers report averaged usage) is rounded.
// An impossible count (negative, or past 2^53) is refused here: the database would refuse the
// whole transaction it lands in, and with it the other requests written together.
function toTokenCount(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  const count = Math.round(value);
  if (count < 0 || count > Number.MAX_SAFE_INTEGER) {
    throw new UsageShapeError(`token counts must be whole numbers from 0 to ${Number.MAX_SAFE_INTEGER}`);
  }
  return count;
}

function requireNumber(value: unknown, field: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw new UsageShapeError(`${field} must be a number`);
}

function optionalNumber(value: unknown, field: string): number | undefined {
  return value === undefined || value === null ? undefined : requireNumber(value, field);
}

function pick(source: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => source[key] !== undefined).map((key) => [key, source[key]]));
}

function definedOnly(values: Record<string, number | undefined>): Record<string, number> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Record<
    string,
    number
  >;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
