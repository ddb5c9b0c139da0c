// Time ranges shared by the pages: a preset (`24h`) or explicit ISO bounds, kept in the URL.

export const RANGE_PRESETS = {
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
  '6h': 6 * 60 * 60_000,
  '24h': 24 * 60 * 60_000,
  '7d': 7 * 24 * 60 * 60_000,
  '30d': 30 * 24 * 60 * 60_000,
  '90d': 90 * 24 * 60 * 60_000,
} as const;

export type RangePreset = keyof typeof RANGE_PRESETS;

export interface TimeRange {
  from: Date;
  to: Date;
}

export function isRangePreset(value: string | null | undefined): value is RangePreset {
  return !!value && value in RANGE_PRESETS;
}

/** The window a preset names, ending now. */
export function presetRange(preset: RangePreset, now: number = Date.now()): TimeRange {
  return { from: new Date(now - RANGE_PRESETS[preset]), to: new Date(now) };
}

/**
 * Reads `range` (a preset) or `from`/`to` (ISO) from URL parameters; falls back to `fallback`.
 * Invalid or reversed custom bounds fall back too, so a hand-edited URL cannot break a page.
 */
export function rangeFromParams(params: URLSearchParams, fallback: RangePreset, now: number = Date.now()): TimeRange & { preset?: RangePreset } {
  const range = params.get('range');
  if (isRangePreset(range)) return { ...presetRange(range, now), preset: range };
  const from = params.get('from');
  const to = params.get('to');
  if (from) {
    const fromDate = new Date(from);
    const toDate = to ? new Date(to) : new Date(now);
    if (!Number.isNaN(fromDate.getTime()) && !Number.isNaN(toDate.getTime()) && fromDate <= toDate) return { from: fromDate, to: toDate };
  }
  return { ...presetRange(fallback, now), preset: fallback };
}

/** Rounds `now` down so query keys stay stable for a while instead of changing every render. */
export function stableNow(granularityMs = 30_000, now: number = Date.now()): number {
  return Math.floor(now / granularityMs) * granularityMs + granularityMs;
}
