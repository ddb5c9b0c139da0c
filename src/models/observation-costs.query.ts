/**
 * The SQL of cost accounting. The models module writes only the cost columns of
 * `observations` (model_id, calculated_*_cost, cost_details, cost_source); see README.md.
 * Every statement is scoped by project ($1) and takes its rows as one JSON or array parameter.
 */

const COST_INPUT_COLUMNS = `
  id,
  model,
  unit,
  COALESCE(start_time, created_at) AS "startedAt",
  usage_details AS "usageDetails",
  usage,
  prompt_tokens::float8 AS "promptTokens",
  completion_tokens::float8 AS "completionTokens",
  total_tokens::float8 AS "totalTokens",
  cost_source AS "costSource",
  model_id AS "modelId",
  calculated_input_cost AS "inputCost",
  calculated_output_cost AS "outputCost",
  calculated_total_cost AS "totalCost",
  cost_details AS "costDetails"`;

/** $2: observation ids. Observations xtrace may price: a model, and no client cost. */
export const SELECT_COST_INPUTS = `
SELECT ${COST_INPUT_COLUMNS}
FROM observations
WHERE project_id = $1 AND id = ANY($2::text[])
  AND model IS NOT NULL AND cost_source IS DISTINCT FROM 'client'
ORDER BY id COLLATE "C"`;

/** SELECT_COST_INPUTS locking the rows, so a concurrent ingest waits for a repricing to commit. */
export const SELECT_COST_INPUTS_FOR_UPDATE = `${SELECT_COST_INPUTS}
FOR UPDATE`;

/**
 * $2: observation ids. The stored rows among them, read before the merge upsert so that
 * costs travel with it. Not locked, to keep the writer's lock order (traces, then
 * observations): the writer of one process never writes one observation in two transactions
 * at once, and a write of the same observation by another instance at the same moment can
 * leave its cost one write behind, until the next write or a reprice.
 * The ids come through a sub-select, as in the merge upsert: with the array as a constant,
 * a table not analysed yet looked small enough to read the project's rows and filter them.
 */
export const SELECT_STORED_COSTS = `
SELECT ${COST_INPUT_COLUMNS}
FROM observations
WHERE project_id = $1 AND id = ANY(ARRAY(SELECT unnest($2::text[])))`;

/**
 * $2, $3: window on the observation start (creation time when it has none), inclusive;
 * $4: a model name (case-insensitive) or null; $5: row cap. Ids in lock order (the ingest
 * writer's: code points), with their traces.
 */
export const SELECT_REPRICE_IDS = `
SELECT id, trace_id AS "traceId"
FROM observations
WHERE project_id = $1
  AND COALESCE(start_time, created_at) BETWEEN $2 AND $3
  AND model IS NOT NULL AND cost_source IS DISTINCT FROM 'client'
  AND ($4::text IS NULL OR lower(model) = lower($4::text))
ORDER BY id COLLATE "C"
LIMIT $5`;

/**
 * $2: trace ids. Locks the traces of a reprice before its observations, in the writer's lock
 * order (traces, then observations; ids in code point order). A trace that moves to another
 * hour meanwhile waits for the reprice, or the reprice for it, so the usage rollup's
 * triggers see the new costs and the new hour together.
 */
export const LOCK_REPRICE_TRACES = `
SELECT id
FROM traces
WHERE project_id = $1 AND id = ANY($2::text[])
ORDER BY id COLLATE "C"
FOR SHARE`;

/** $2: JSON array of computed cost columns. Never touches client costs. */
export const WRITE_COMPUTED_COSTS = `
UPDATE observations AS o SET
  model_id = c."modelId",
  calculated_input_cost = c."inputCost",
  calculated_output_cost = c."outputCost",
  calculated_total_cost = c."totalCost",
  cost_details = c."costDetails",
  cost_source = c."costSource",
  updated_at = now()
FROM jsonb_to_recordset($2::jsonb) AS c(id text, "modelId" text, "inputCost" float8, "outputCost" float8,
                                       "totalCost" float8, "costDetails" jsonb, "costSource" text)
WHERE o.project_id = $1 AND o.id = c.id AND o.cost_source IS DISTINCT FROM 'client'`;

/**
 * $2: JSON array of the costs writes carried. Marks them as client costs. A row whose costs
 * were computed until now takes the client's set as a whole: computed values the client did
 * not send are cleared rather than mixed with the client's.
 */
export const MARK_CLIENT_COSTS = `
UPDATE observations AS o SET
  cost_source = 'client',
  model_id = CASE WHEN o.cost_source = 'computed' THEN c."modelId" ELSE o.model_id END,
  calculated_input_cost = CASE WHEN o.cost_source = 'computed' THEN c."inputCost" ELSE o.calculated_input_cost END,
  calculated_output_cost = CASE WHEN o.cost_source = 'computed' THEN c."outputCost" ELSE o.calculated_output_cost END,
  calculated_total_cost = CASE WHEN o.cost_source = 'computed' THEN c."totalCost" ELSE o.calculated_total_cost END,
  cost_details = CASE WHEN o.cost_source = 'computed' THEN c."costDetails" ELSE o.cost_details END
FROM jsonb_to_recordset($2::jsonb) AS c(id text, "modelId" text, "inputCost" float8, "outputCost" float8,
                                       "totalCost" float8, "costDetails" jsonb)
WHERE o.project_id = $1 AND o.id = c.id AND o.cost_source IS DISTINCT FROM 'client'`;
