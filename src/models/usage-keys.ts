/**
 * One name per usage type, so that a usage key and a price key that mean the same thing
 * meet whatever spelling the provider, SDK or model definition used. Both sides go through
 * `canonicalUsageKey`; a price applies to a usage key when their canonical names are equal.
 */

/** Provider spellings (already snake_case, lower case) → canonical usage type. */
const ALIASES: Record<string, string> = {
  prompt_tokens: 'input',
  input_tokens: 'input',
  prompt_token_count: 'input',
  completion_tokens: 'output',
  output_tokens: 'output',
  candidates_token_count: 'output',
  total_tokens: 'total',
  total_token_count: 'total',
  // Cache reads: OpenAI `cached_tokens`, Anthropic `cache_read_input_tokens`, Gemini
  // `cached_content_token_count`, Langfuse `input_cached_tokens` / `input_cache_read`.
  cached_tokens: 'input_cache_read',
  input_cached: 'input_cache_read',
  cache_read: 'input_cache_read',
  cache_read_input: 'input_cache_read',
  cache_read_input_tokens: 'input_cache_read',
  cache_read_tokens: 'input_cache_read',
  cached_content_token_count: 'input_cache_read',
  // Cache writes: Anthropic `cache_creation_input_tokens`, Langfuse `input_cache_creation`.
  cache_creation: 'input_cache_creation',
  cache_creation_input: 'input_cache_creation',
  cache_creation_input_tokens: 'input_cache_creation',
  cache_creation_tokens: 'input_cache_creation',
  cache_write_tokens: 'input_cache_creation',
  input_cache_write: 'input_cache_creation',
  // Reasoning: OpenAI `reasoning_tokens`, Gemini `thoughts_token_count`, Langfuse `output_reasoning_tokens`.
  reasoning_tokens: 'output_reasoning',
  thoughts_token_count: 'output_reasoning',
};

/** Nested OpenAI detail objects flatten to `<object>_<key>`; their details belong to input or output. */
const DETAIL_OBJECT_PREFIXES: [string, string][] = [
  ['prompt_tokens_details_', 'input_'],
  ['input_tokens_details_', 'input_'],
  ['completion_tokens_details_', 'output_'],
  ['output_tokens_details_', 'output_'],
];

/** OpenTelemetry attribute names (`gen_ai.usage.cache_read.input_tokens`) carry this prefix. */
const OTEL_PREFIX = 'gen_ai_usage_';

/**
 * The canonical usage type of a usage or price key:
 * 1. spelling: camelCase → snake_case, lower case, `.`/`-`/spaces → `_`;
 * 2. an OpenTelemetry `gen_ai.usage.` prefix is dropped, OpenAI detail objects
 *    (`prompt_tokens_details.cached_tokens`) become `input_…` / `output_…`;
 * 3. known provider names map to one type (table above);
 * 4. `input_*_tokens` / `output_*_tokens` drop the `_tokens` suffix (and are looked up again).
 */
export function canonicalUsageKey(key: string): string {
  let name = key
    .trim()
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[.\s-]+/g, '_');
  if (name.startsWith(OTEL_PREFIX)) name = name.slice(OTEL_PREFIX.length);
  for (const [prefix, side] of DETAIL_OBJECT_PREFIXES) {
    if (name.startsWith(prefix)) name = side + name.slice(prefix.length);
  }
  name = ALIASES[name] ?? name;
  if (/^(input|output)_.+_tokens$/.test(name)) {
    name = name.slice(0, -'_tokens'.length);
    name = ALIASES[name] ?? name;
  }
  return name;
}

/** Which side of the bill a usage type is on: `input`, `input_*` → input; `output`, `output_*` → output. */
export function usageSide(canonical: string): 'input' | 'output' | undefined {
  if (canonical === 'input' || canonical.startsWith('input_')) return 'input';
  if (canonical === 'output' || canonical.startsWith('output_')) return 'output';
  return undefined;
}

/** Keys of a usage object that are costs or labels, not amounts. */
const NOT_USAGE = new Set(['unit', 'input_cost', 'output_cost', 'total_cost']);

/** An amount of one usage type, remembering the key the client used (cost details reuse it). */
export interface UsageAmount {
  key: string;
  units: number;
}

/**
 * Merges usage sources into one amount per canonical usage type. Sources are given in
 * priority order; within a source a key already spelled canonically beats an alias of it.
 * Nested objects are flattened (`a.b`), non-numbers and negative numbers are ignored.
 */
export function collectUsage(...sources: (Record<string, unknown> | null | undefined)[]): Map<string, UsageAmount> {
  const usage = new Map<string, UsageAmount>();
  for (const source of sources) {
    if (!source) continue;
    const entries = flatten(source)
      .map(([key, units]) => ({ key, units, canonical: canonicalUsageKey(key) }))
      .filter((entry) => !NOT_USAGE.has(entry.canonical))
      .sort((a, b) => Number(b.canonical === b.key) - Number(a.canonical === a.key));
    for (const entry of entries) {
      if (!usage.has(entry.canonical)) usage.set(entry.canonical, { key: entry.key, units: entry.units });
    }
  }
  return usage;
}

function flatten(source: Record<string, unknown>, prefix = ''): [string, number][] {
  const flat: [string, number][] = [];
  for (const [key, value] of Object.entries(source)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'number' && Number.isFinite(value) && value >= 0) flat.push([path, value]);
    else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      flat.push(...flatten(value as Record<string, unknown>, path));
    }
  }
  return flat;
}
