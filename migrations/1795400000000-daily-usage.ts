import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The columns of a daily usage row after its key (project_id, hour, model). */
const USAGE_COLUMNS = 'count_traces, count_observations, input_usage, output_usage, total_usage, total_cost';
const SUMMED_USAGE =
  'sum(count_traces), sum(count_observations), sum(input_usage), sum(output_usage), sum(total_usage), sum(total_cost)';
/** The hour of a timestamp, whatever the session's time zone. */
const HOUR_OF = (timestamp: string) => `date_bin('1 hour', ${timestamp}, TIMESTAMPTZ '1970-01-01 00:00:00+00')`;
/** A group whose sums are all zero adds nothing: it is left out. */
const NONZERO_USAGE = `sum(count_traces) <> 0 OR sum(count_observations) <> 0 OR sum(input_usage) <> 0
  OR sum(output_usage) <> 0 OR sum(total_usage) <> 0 OR sum(total_cost) <> 0`;

/**
 * What a set of traces adds to the daily usage, as rows of (project_id, hour, model, …usage).
 * `relation` has the traces' project_id, id, timestamp and total_cost, and a `sign` (+1 to
 * add, -1 to take away). Observations are read as they are now. The row with a null model
 * holds the hour's totals: traces, observations of every type, and the traces' cost (the
 * client's total cost, else the sum of their observations' costs, as the trace list shows
 * it). The other rows hold per-model usage of GENERATION observations. A trace can appear
 * with both signs (a change that keeps its hour): counts are taken per trace and sign first.
 */
function traceUsageSql(relation: string): string {
  return `
SELECT tr.project_id, ${HOUR_OF('tr.timestamp')} AS hour, NULL::text AS model,
       sum(tr.sign) AS count_traces, sum(tr.sign * o.n) AS count_observations, 0 AS input_usage,
       0 AS output_usage, 0 AS total_usage, sum(tr.sign * COALESCE(tr.total_cost, o.cost, 0)) AS total_cost
FROM ${relation} AS tr
CROSS JOIN LATERAL (
  SELECT count(*) AS n, sum(o.calculated_total_cost) AS cost
  FROM observations o WHERE o.project_id = tr.project_id AND o.trace_id = tr.id
) AS o
GROUP BY 1, 2
UNION ALL
SELECT tr.project_id, ${HOUR_OF('tr.timestamp')} AS hour, g.model, sum(tr.sign), sum(tr.sign * g.n),
       sum(tr.sign * g.input_usage), sum(tr.sign * g.output_usage), sum(tr.sign * g.total_usage),
       sum(tr.sign * g.total_cost)
FROM ${relation} AS tr
CROSS JOIN LATERAL (
  SELECT COALESCE(o.model, 'unknown') AS model, count(*) AS n, COALESCE(sum(o.prompt_tokens), 0) AS input_usage,
         COALESCE(sum(o.completion_tokens), 0) AS output_usage, COALESCE(sum(o.total_tokens), 0) AS total_usage,
         COALESCE(sum(o.calculated_total_cost), 0) AS total_cost
  FROM observations o
  WHERE o.project_id = tr.project_id AND o.trace_id = tr.id AND o.type = 'GENERATION'
  GROUP BY 1
) AS g
GROUP BY 1, 2, 3`;
}

/**
 * What a set of observation changes adds to the daily usage, in the hours of their traces
 * (as the traces are now; observations of a trace that does not exist yet count when it
 * is inserted). `changes` has the observations' columns and a `sign`. A model's trace
 * count changes only when a trace's number of generations of that model crosses zero:
 * the number after the change is read from the table, the number before is that minus
 * the change. The ingest writer locks a trace's row (placeholder upsert) before it writes
 * the trace's observations, so two transactions never cross zero for one trace at once.
 * Writers that change costs only must lock the traces too (repricing takes them FOR SHARE),
 * or a cost change committed while the trace moves to another hour stays in the old hour.
 */
function observationUsageSql(changes: string): string {
  return `
WITH changes AS MATERIALIZED (${changes}),
located AS (
  SELECT c.project_id, c.trace_id, c.type, COALESCE(c.model, 'unknown') AS model, c.prompt_tokens,
         c.completion_tokens, c.total_tokens, c.calculated_total_cost, c.sign,
         ${HOUR_OF('t.timestamp')} AS hour, t.total_cost IS NULL AS cost_from_observations
  FROM changes AS c
  JOIN traces t ON t.project_id = c.project_id AND t.id = c.trace_id
  -- An index condition whatever the planner guesses about the transition table's size:
  -- a hash join would read every trace.
  WHERE t.project_id = ANY(ARRAY(SELECT DISTINCT project_id FROM changes))
    AND t.id = ANY(ARRAY(SELECT DISTINCT trace_id FROM changes))
),
generation_counts AS (
  SELECT project_id, hour, trace_id, model, sum(sign) AS change
  FROM located WHERE type = 'GENERATION'
  GROUP BY 1, 2, 3, 4 HAVING sum(sign) <> 0
)
SELECT project_id, hour, NULL::text AS model, 0 AS count_traces, sum(sign) AS count_observations, 0 AS input_usage,
       0 AS output_usage, 0 AS total_usage,
       COALESCE(sum(sign * calculated_total_cost) FILTER (WHERE cost_from_observations), 0) AS total_cost
FROM located GROUP BY 1, 2
UNION ALL
SELECT project_id, hour, model, 0, sum(sign), sum(sign * COALESCE(prompt_tokens, 0)),
       sum(sign * COALESCE(completion_tokens, 0)), sum(sign * COALESCE(total_tokens, 0)),
       sum(sign * COALESCE(calculated_total_cost, 0))
FROM located WHERE type = 'GENERATION' GROUP BY 1, 2, 3
UNION ALL
SELECT g.project_id, g.hour, g.model, sum((after_change.n > 0)::int - (after_change.n - g.change > 0)::int), 0, 0, 0, 0, 0
FROM generation_counts AS g
CROSS JOIN LATERAL (
  SELECT count(*) AS n FROM observations o
  WHERE o.project_id = g.project_id AND o.trace_id = g.trace_id AND o.type = 'GENERATION'
    AND COALESCE(o.model, 'unknown') = g.model
) AS after_change
GROUP BY 1, 2, 3`;
}

/**
 * Appends the sum of `usageSql`'s rows per (project, hour, model) to usage_rollup, leaving
 * out sums that are all zero (an upsert that changed nothing adds a row and takes it away).
 * The append that takes an id divisible by 64 folds the hours of the 64 rows up to it, so
 * every hour written to is folded soon after (unless its rows were still uncommitted then:
 * the next write to the hour folds them).
 */
function appendUsageSql(usageSql: string): string {
  return `
  FOR project, hours IN
    WITH appended AS (
      INSERT INTO usage_rollup (project_id, hour, model, ${USAGE_COLUMNS})
      SELECT project_id, hour, model, ${SUMMED_USAGE}
      FROM (${usageSql}) AS usage
      GROUP BY project_id, hour, model
      HAVING ${NONZERO_USAGE}
      RETURNING project_id, hour, id
    ),
    boundary AS (
      SELECT max(id) AS id FROM appended WHERE id % 64 = 0
    ),
    touched AS (
      SELECT a.project_id, a.hour FROM appended a, boundary b WHERE a.id <= b.id
      UNION
      SELECT r.project_id, r.hour FROM usage_rollup r, boundary b WHERE r.id > b.id - 64 AND r.id <= b.id
    )
    SELECT project_id, array_agg(hour) FROM touched GROUP BY project_id
  LOOP
    PERFORM usage_rollup_fold(project, hours);
  END LOOP;`;
}

/**
 * Functions that read traces and observations run without JIT: the estimates for a large
 * transition table pass PostgreSQL's JIT thresholds, and compiling took longer than the
 * work (600 ms for a 5,000-trace insert whose trigger ran in 20 ms without it).
 */
const NO_JIT = 'SET jit = off';

/** A statement trigger function that appends the usage `usageSql` computes from its transition tables. */
function triggerFunctionSql(name: string, usageSql: string): string {
  return `
CREATE FUNCTION ${name}() RETURNS trigger
LANGUAGE plpgsql ${NO_JIT} AS $$
DECLARE
  project text;
  hours timestamptz[];
BEGIN
  ${appendUsageSql(usageSql)}
  RETURN NULL;
END $$`;
}

const TRACE_COLUMNS = 'project_id, id, timestamp, total_cost';
const OBSERVATION_COLUMNS =
  'project_id, trace_id, type, model, prompt_tokens, completion_tokens, total_tokens, calculated_total_cost';

/**
 * What all traces add to the daily usage: the rows of traceUsageSql over the whole tables,
 * aggregated per trace in one pass over observations instead of an index lookup per trace
 * (measured at 1M traces / 10.5M observations: 65 s instead of 8.4 min).
 */
const ALL_TRACES_USAGE_SQL = `
SELECT t.project_id, ${HOUR_OF('t.timestamp')} AS hour, NULL::text AS model, count(*) AS count_traces,
       sum(COALESCE(o.n, 0)) AS count_observations, 0 AS input_usage, 0 AS output_usage, 0 AS total_usage,
       sum(COALESCE(t.total_cost, o.cost, 0)) AS total_cost
FROM traces t
LEFT JOIN (
  SELECT project_id, trace_id, count(*) AS n, sum(calculated_total_cost) AS cost FROM observations GROUP BY 1, 2
) AS o ON o.project_id = t.project_id AND o.trace_id = t.id
GROUP BY 1, 2
UNION ALL
SELECT t.project_id, ${HOUR_OF('t.timestamp')} AS hour, g.model, count(*), sum(g.n), sum(g.input_usage),
       sum(g.output_usage), sum(g.total_usage), sum(g.total_cost)
FROM traces t
JOIN (
  SELECT project_id, trace_id, COALESCE(model, 'unknown') AS model, count(*) AS n,
         COALESCE(sum(prompt_tokens), 0) AS input_usage, COALESCE(sum(completion_tokens), 0) AS output_usage,
         COALESCE(sum(total_tokens), 0) AS total_usage, COALESCE(sum(calculated_total_cost), 0) AS total_cost
  FROM observations WHERE type = 'GENERATION' GROUP BY 1, 2, 3
) AS g ON g.project_id = t.project_id AND g.trace_id = t.id
GROUP BY 1, 2, 3`;

/**
 * Computes the table afresh from traces and observations: the migration's fill, and after a
 * TRUNCATE (of traces: no usage; of observations alone: the traces' own part). Exported for
 * UsageRollupPlannedPerStatement1795500000000, which brings installs that ran the first
 * version of this migration (an index lookup per trace) to this one.
 */
export const FILL_FUNCTION_SQL = `
FUNCTION usage_rollup_fill() RETURNS void
LANGUAGE sql ${NO_JIT} AS $$
  DELETE FROM usage_rollup;
  INSERT INTO usage_rollup (project_id, hour, model, ${USAGE_COLUMNS})
  SELECT project_id, hour, model, ${SUMMED_USAGE}
  FROM (${ALL_TRACES_USAGE_SQL}) AS usage
  GROUP BY project_id, hour, model
  HAVING ${NONZERO_USAGE};
$$`;

/**
 * Daily usage (`GET /api/public/metrics/daily`, the dashboard's overview) without reading
 * every observation of the range: per project, hour of the trace timestamp and model, the
 * counts, tokens and costs the endpoint reports, kept by statement triggers on traces and
 * observations. Hours, not days: a range rarely starts at midnight, and the traces of the
 * part of an hour it leaves out are few enough to read.
 *
 * Like trace_counts, each statement appends delta rows rather than updating a row per
 * hour, which would stay locked from the write to COMMIT and serialise concurrent ingest.
 * Every 64th appended row folds the unlocked rows of the hours the last 64 rows touched into
 * one per (hour, model) (SKIP LOCKED: the fold never waits). A trace that moves to another hour (a placeholder's
 * timestamp set by its trace) or gets or loses a client total cost takes its whole usage
 * from the old hour to the new one.
 *
 * `usage_rollup_window` gives the same rows computed from traces and observations for a
 * time window: reads use it for the parts of the range's first and last hour that the
 * range does not cover.
 */
export class DailyUsage1795400000000 implements MigrationInterface {
  name = 'DailyUsage1795400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE usage_rollup (
        id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        project_id          text             NOT NULL,
        hour                timestamptz      NOT NULL,
        model               text,
        count_traces        bigint           NOT NULL,
        count_observations  bigint           NOT NULL,
        input_usage         bigint           NOT NULL,
        output_usage        bigint           NOT NULL,
        total_usage         bigint           NOT NULL,
        total_cost          double precision NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX usage_rollup_project_hour_idx ON usage_rollup (project_id, hour)`);
    await queryRunner.query(`
      CREATE FUNCTION usage_rollup_fold(project text, hours timestamptz[]) RETURNS void
      LANGUAGE sql AS $$
        WITH folded AS (
          DELETE FROM usage_rollup
          WHERE id = ANY(ARRAY(
            SELECT id FROM usage_rollup WHERE project_id = project AND hour = ANY(hours) FOR UPDATE SKIP LOCKED
          ))
          RETURNING *
        )
        INSERT INTO usage_rollup (project_id, hour, model, ${USAGE_COLUMNS})
        SELECT project, hour, model, ${SUMMED_USAGE}
        FROM folded
        GROUP BY hour, model
        HAVING ${NONZERO_USAGE}
      $$`);
    await queryRunner.query(`
      CREATE FUNCTION usage_rollup_window(project text, from_time timestamptz, to_time timestamptz)
      RETURNS TABLE (hour timestamptz, model text, count_traces bigint, count_observations bigint, input_usage bigint,
                     output_usage bigint, total_usage bigint, total_cost double precision)
      LANGUAGE sql STABLE ${NO_JIT} AS $$
        SELECT hour, model, sum(count_traces)::bigint, sum(count_observations)::bigint, sum(input_usage)::bigint,
               sum(output_usage)::bigint, sum(total_usage)::bigint, sum(total_cost)::double precision
        FROM (${traceUsageSql(`(
          SELECT ${TRACE_COLUMNS}, 1 AS sign FROM traces
          WHERE project_id = project AND timestamp >= from_time AND timestamp < to_time
        )`)}) AS usage
        GROUP BY hour, model
      $$`);

    await queryRunner.query(
      triggerFunctionSql('usage_rollup_traces_inserted', traceUsageSql(`(SELECT ${TRACE_COLUMNS}, 1 AS sign FROM inserted_traces)`)),
    );
    await queryRunner.query(
      triggerFunctionSql('usage_rollup_traces_deleted', traceUsageSql(`(SELECT ${TRACE_COLUMNS}, -1 AS sign FROM deleted_traces)`)),
    );
    // Only traces whose hour or client total cost changed: every other update leaves the usage as it was.
    await queryRunner.query(
      triggerFunctionSql(
        'usage_rollup_traces_updated',
        traceUsageSql(`(
          SELECT o.project_id, o.id, o.timestamp, o.total_cost, -1 AS sign FROM old_traces o
          JOIN new_traces n ON n.project_id = o.project_id AND n.id = o.id
          WHERE ${HOUR_OF('o.timestamp')} <> ${HOUR_OF('n.timestamp')}
             OR o.total_cost IS DISTINCT FROM n.total_cost
          UNION ALL
          SELECT n.project_id, n.id, n.timestamp, n.total_cost, 1 AS sign FROM old_traces o
          JOIN new_traces n ON n.project_id = o.project_id AND n.id = o.id
          WHERE ${HOUR_OF('o.timestamp')} <> ${HOUR_OF('n.timestamp')}
             OR o.total_cost IS DISTINCT FROM n.total_cost
        )`),
      ),
    );
    await queryRunner.query(
      triggerFunctionSql(
        'usage_rollup_observations_inserted',
        observationUsageSql(`SELECT ${OBSERVATION_COLUMNS}, 1 AS sign FROM inserted_observations`),
      ),
    );
    await queryRunner.query(
      triggerFunctionSql(
        'usage_rollup_observations_deleted',
        observationUsageSql(`SELECT ${OBSERVATION_COLUMNS}, -1 AS sign FROM deleted_observations`),
      ),
    );
    await queryRunner.query(
      triggerFunctionSql(
        'usage_rollup_observations_updated',
        observationUsageSql(`
          SELECT ${OBSERVATION_COLUMNS}, -1 AS sign FROM old_observations
          UNION ALL
          SELECT ${OBSERVATION_COLUMNS}, 1 AS sign FROM new_observations`),
      ),
    );
    await queryRunner.query(`CREATE ${FILL_FUNCTION_SQL}`);
    await queryRunner.query(`
      CREATE FUNCTION usage_rollup_truncated() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM usage_rollup_fill();
        RETURN NULL;
      END $$`);

    // Triggers before the fill, in the same transaction: their locks hold writers back until
    // COMMIT, so nothing is counted twice or missed.
    const triggers: [string, string, string, string][] = [
      ['traces', 'INSERT', 'REFERENCING NEW TABLE AS inserted_traces', 'usage_rollup_traces_inserted'],
      ['traces', 'DELETE', 'REFERENCING OLD TABLE AS deleted_traces', 'usage_rollup_traces_deleted'],
      ['traces', 'UPDATE', 'REFERENCING OLD TABLE AS old_traces NEW TABLE AS new_traces', 'usage_rollup_traces_updated'],
      ['traces', 'TRUNCATE', '', 'usage_rollup_truncated'],
      ['observations', 'INSERT', 'REFERENCING NEW TABLE AS inserted_observations', 'usage_rollup_observations_inserted'],
      ['observations', 'DELETE', 'REFERENCING OLD TABLE AS deleted_observations', 'usage_rollup_observations_deleted'],
      [
        'observations',
        'UPDATE',
        'REFERENCING OLD TABLE AS old_observations NEW TABLE AS new_observations',
        'usage_rollup_observations_updated',
      ],
      ['observations', 'TRUNCATE', '', 'usage_rollup_truncated'],
    ];
    for (const [table, event, transitions, fn] of triggers) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_usage_rollup_${event.toLowerCase()} AFTER ${event} ON ${table}
         ${transitions} FOR EACH STATEMENT EXECUTE FUNCTION ${fn}()`,
      );
    }
    await queryRunner.query(`SELECT usage_rollup_fill()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['traces', 'observations']) {
      for (const event of ['insert', 'delete', 'update', 'truncate']) {
        await queryRunner.query(`DROP TRIGGER ${table}_usage_rollup_${event} ON ${table}`);
      }
    }
    for (const fn of [
      'usage_rollup_truncated()',
      'usage_rollup_fill()',
      'usage_rollup_observations_updated()',
      'usage_rollup_observations_deleted()',
      'usage_rollup_observations_inserted()',
      'usage_rollup_traces_updated()',
      'usage_rollup_traces_deleted()',
      'usage_rollup_traces_inserted()',
      'usage_rollup_window(text, timestamptz, timestamptz)',
      'usage_rollup_fold(text)',
    ]) {
      await queryRunner.query(`DROP FUNCTION ${fn}`);
    }
    await queryRunner.query(`DROP TABLE usage_rollup`);
  }
}
