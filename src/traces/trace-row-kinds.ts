import { observationRowKind } from './observation-row-kind.js';
import { scoreRowKind } from './score-row-kind.js';
import { traceRowKind } from './trace-row-kind.js';

/** The row kinds the ingest writer persists for this module: traces, then observations, then scores. */
export const TRACE_ROW_KINDS = [traceRowKind, observationRowKind, scoreRowKind];
