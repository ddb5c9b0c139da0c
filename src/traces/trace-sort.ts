import { effectiveLatencySql, effectiveTotalCostSql } from './trace-metrics.sql.js';

export type SortDirection = 'ASC' | 'DESC';

interface SortField {
  /** SQL over the traces alias `t`; never built from user input. */
  expression: string;
  /** Used when the direction is missing or not `asc`/`desc`. */
  defaultDirection: SortDirection;
}

const TIMESTAMP: SortField = { expression: 't.timestamp', defaultDirection: 'DESC' };
const USER_ID: SortField = { expression: 't.user_id', defaultDirection: 'ASC' };
const SESSION_ID: SortField = { expression: 't.session_id', defaultDirection: 'ASC' };
const LATENCY: SortField = { expression: effectiveLatencySql('t'), defaultDirection: 'DESC' };
const TOTAL_COST: SortField = { expression: effectiveTotalCostSql('t'), defaultDirection: 'DESC' };

/** The `orderBy` fields of the trace list (API.md §2.6), with both spellings of the original. */
export const TRACE_SORT_FIELDS: Record<string, SortField> = {
  id: { expression: 't.id', defaultDirection: 'DESC' },
  timestamp: TIMESTAMP,
  name: { expression: 't.name', defaultDirection: 'ASC' },
  userId: USER_ID,
  user_id: USER_ID,
  release: { expression: 't.release', defaultDirection: 'ASC' },
  version: { expression: 't.version', defaultDirection: 'ASC' },
  public: { expression: 't.public', defaultDirection: 'DESC' },
  bookmarked: { expression: 't.bookmarked', defaultDirection: 'DESC' },
  sessionId: SESSION_ID,
  session_id: SESSION_ID,
  latency: LATENCY,
  totalCost: TOTAL_COST,
  total_cost: TOTAL_COST,
};

/** `field` or `field.direction` with a known field; any direction (unknown ones fall back). */
export const TRACE_ORDER_BY_PATTERN = new RegExp(`^(${Object.keys(TRACE_SORT_FIELDS).join('|')})(\\..*)?$`);

export interface TraceSort {
  expression: string;
  direction: SortDirection;
}

/** Reads a validated `orderBy` (default `timestamp.desc`). */
export function parseTraceOrderBy(orderBy = 'timestamp.desc'): TraceSort {
  const [field, direction] = orderBy.split(/\.(.*)/s);
  const sort = TRACE_SORT_FIELDS[field];
  if (!sort) throw new Error(`unvalidated orderBy field ${field}`);
  const given = direction?.toUpperCase();
  return {
    expression: sort.expression,
    direction: given === 'ASC' || given === 'DESC' ? given : sort.defaultDirection,
  };
}
