/** Observation types xtrace stores (Langfuse's set, API.md §4). */
export const OBSERVATION_TYPES = [
  'SPAN',
  'GENERATION',
  'EVENT',
  'AGENT',
  'TOOL',
  'CHAIN',
  'RETRIEVER',
  'EVALUATOR',
  'EMBEDDING',
  'GUARDRAIL',
] as const;

export type ObservationType = (typeof OBSERVATION_TYPES)[number];

export const DEFAULT_OBSERVATION_TYPE: ObservationType = 'GENERATION';

/** Observation levels (Langfuse's); reads show `DEFAULT` when none was sent. */
export const OBSERVATION_LEVELS = ['DEBUG', 'DEFAULT', 'WARNING', 'ERROR'] as const;

export const DEFAULT_OBSERVATION_LEVEL = 'DEFAULT';
