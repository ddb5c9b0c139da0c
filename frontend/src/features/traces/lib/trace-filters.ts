import { isRangePreset, type RangePreset } from '@/lib/time-range';

/** Everything the traces page shows, as kept in the URL so a view can be shared. */
export interface TraceFilters {
  range?: RangePreset;
  from?: string;
  to?: string;
  name?: string;
  userId?: string;
  sessionId?: string;
  tags: string[];
  environment: string[];
  release?: string;
  level?: (typeof LEVELS)[number];
  orderBy: string;
  page: number;
  limit: number;
}

export const DEFAULT_RANGE: RangePreset = '7d';
export const DEFAULT_ORDER = 'timestamp.desc';
export const PAGE_SIZES = [25, 50, 100] as const;
export const LEVELS = ['ERROR', 'WARNING', 'DEFAULT', 'DEBUG'] as const;
/** Columns the API sorts by (API.md §2.6) that the table shows. */
export const SORTABLE = ['timestamp', 'name', 'userId', 'sessionId', 'latency', 'totalCost'] as const;

const TEXT_KEYS = ['name', 'userId', 'sessionId', 'release', 'from', 'to'] as const;

export function parseTraceFilters(params: URLSearchParams): TraceFilters {
  const filters: TraceFilters = {
    tags: listParam(params, 'tags'),
    environment: listParam(params, 'environment'),
    orderBy: validOrder(params.get('orderBy')) ?? DEFAULT_ORDER,
    page: positiveInt(params.get('page')) ?? 1,
    limit: PAGE_SIZES.find((size) => size === Number(params.get('limit'))) ?? 50,
  };
  const range = params.get('range');
  if (isRangePreset(range)) filters.range = range;
  for (const key of TEXT_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filters[key] = value;
  }
  const level = params.get('level');
  if (level && (LEVELS as readonly string[]).includes(level)) filters.level = level as (typeof LEVELS)[number];
  if (!filters.range && !filters.from) filters.range = DEFAULT_RANGE;
  return filters;
}

/** The URL form of the filters, leaving defaults out so links stay short. */
export function traceFiltersToParams(filters: TraceFilters): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.range && filters.range !== DEFAULT_RANGE) params.set('range', filters.range);
  if (!filters.range) {
    if (filters.from) params.set('from', filters.from);
    if (filters.to) params.set('to', filters.to);
  }
  for (const key of ['name', 'userId', 'sessionId', 'release', 'level'] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  for (const tag of filters.tags) params.append('tags', tag);
  for (const environment of filters.environment) params.append('environment', environment);
  if (filters.orderBy !== DEFAULT_ORDER) params.set('orderBy', filters.orderBy);
  if (filters.page > 1) params.set('page', String(filters.page));
  if (filters.limit !== 50) params.set('limit', String(filters.limit));
  return params;
}

/** Next sort when a column header is clicked: a new column sorts descending, the same one flips. */
export function toggleOrder(current: string, column: (typeof SORTABLE)[number]): string {
  const [field, direction] = current.split('.');
  if (field !== column) return `${column}.desc`;
  return `${column}.${direction === 'desc' ? 'asc' : 'desc'}`;
}

/** Comma-separated or repeated values (`tags=a,b` or `tags=a&tags=b`), trimmed, without blanks. */
export function splitList(values: readonly string[]): string[] {
  return [...new Set(values.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean))];
}

function listParam(params: URLSearchParams, key: string): string[] {
  return splitList(params.getAll(key));
}

function validOrder(value: string | null): string | undefined {
  if (!value) return undefined;
  const [field, direction] = value.split('.');
  return (SORTABLE as readonly string[]).includes(field) && (direction === 'asc' || direction === 'desc') ? value : undefined;
}

function positiveInt(value: string | null): number | undefined {
  const number = Number(value);
  return Number.isInteger(number) && number >= 1 ? number : undefined;
}
