import { canonicalUsageKey } from './usage-keys.js';

/** One row of the price table as the matcher needs it. */
export interface PriceRow {
  id: string;
  /** null for a built-in row. */
  projectId: string | null;
  matchPattern: string;
  startDate: Date | null;
  unit: string;
  /** USD per unit, keyed by usage type as stored. */
  prices: Record<string, number>;
  createdAt: Date;
}

/** A price row ready to match: compiled pattern, canonical price keys. */
export interface CompiledPriceRow extends PriceRow {
  pattern: RegExp;
  canonicalPrices: ReadonlyMap<string, number>;
}

// Model names longer than this never match: bounds the work a hostile pattern can do.
const MAX_MODEL_LENGTH = 256;
// Distinct (project, model) lookups remembered per table version.
const MAX_MEMO_ENTRIES = 10_000;

/**
 * Compiles a match pattern. Patterns match case-insensitively; a leading `(?i)` (the
 * PostgreSQL/Langfuse spelling of that flag) is accepted and dropped. Throws on an invalid
 * pattern.
 */
export function compilePattern(pattern: string): RegExp {
  return new RegExp(pattern.replace(/^\(\?i\)/, ''), 'i');
}

/** Canonical usage type → price; throws when two keys name the same usage type with different prices. */
export function canonicalPrices(prices: Record<string, number>): Map<string, number> {
  const canonical = new Map<string, number>();
  const sourceKey = new Map<string, string>();
  for (const [key, price] of Object.entries(prices)) {
    const name = canonicalUsageKey(key);
    const existing = canonical.get(name);
    if (existing !== undefined && existing !== price) {
      throw new Error(`price keys "${sourceKey.get(name)}" and "${key}" both price usage type "${name}"`);
    }
    canonical.set(name, price);
    sourceKey.set(name, key);
  }
  return canonical;
}

export function compilePriceRow(row: PriceRow): CompiledPriceRow {
  return { ...row, pattern: compilePattern(row.matchPattern), canonicalPrices: canonicalPrices(row.prices) };
}

/**
 * Order of preference among rows whose pattern matches: the project's own rows before
 * built-in rows, then the newest start date (rows without one come last), then the newest row.
 */
export function comparePreference(a: PriceRow, b: PriceRow): number {
  const ownership = Number(b.projectId !== null) - Number(a.projectId !== null);
  if (ownership !== 0) return ownership;
  const start = (b.startDate?.getTime() ?? -Infinity) - (a.startDate?.getTime() ?? -Infinity);
  if (start !== 0 && !Number.isNaN(start)) return start;
  const created = b.createdAt.getTime() - a.createdAt.getTime();
  return created !== 0 ? created : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Finds the price row for an observation. Built once per version of the price table; the
 * regex work per distinct (project, model) is remembered, so a flush of thousands of
 * observations of a few models costs a few pattern scans.
 */
export class ModelMatcher {
  private readonly candidates = new Map<string, CompiledPriceRow[]>();

  constructor(private readonly rows: readonly CompiledPriceRow[]) {}

  /**
   * The row that prices `model` for an observation of `projectId` that started at `at`:
   * the most preferred row (see `comparePreference`) whose pattern matches, whose start
   * date is not after `at`, and whose unit is the observation's (when it names one).
   */
  match(projectId: string, model: string, at: Date, unit?: string | null): CompiledPriceRow | undefined {
    const wantedUnit = unit?.toUpperCase();
    return this.candidatesFor(projectId, model).find(
      (row) =>
        (row.startDate === null || row.startDate.getTime() <= at.getTime()) &&
        (!wantedUnit || row.unit.toUpperCase() === wantedUnit),
    );
  }

  private candidatesFor(projectId: string, model: string): CompiledPriceRow[] {
    const memoKey = `${projectId}\u0000${model}`;
    let found = this.candidates.get(memoKey);
    if (found) return found;
    found =
      model.length > MAX_MODEL_LENGTH
        ? []
        : this.rows
            .filter((row) => (row.projectId === null || row.projectId === projectId) && row.pattern.test(model))
            .sort(comparePreference);
    if (this.candidates.size >= MAX_MEMO_ENTRIES) this.candidates.clear();
    this.candidates.set(memoKey, found);
    return found;
  }
}
