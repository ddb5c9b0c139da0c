import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * How many traces each project has, for the unfiltered trace list's exact `totalItems`
 * without counting the whole project on every read.
 *
 * Triggers keep it, so every path that inserts or deletes traces (trace writes,
 * placeholder traces, trace deletion, bulk COPY, TRUNCATE) counts without knowing about
 * it. Each statement appends one delta row per project instead of updating one counter
 * row: a counter row would stay locked from the trace upsert to COMMIT, serialising
 * concurrent ingest transactions of a project (and could deadlock them). Every 64th
 * delta folds the project's unlocked deltas into one row (SKIP LOCKED: it never waits),
 * so a read sums a few dozen rows.
 *
 * Also, for the list's other reads: observation ids come from an index sorted the way
 * the page orders them, and the name index carries the tags, so a name + tag count
 * checks the tags in the index instead of intersecting bitmaps and visiting the rows.
 */
export class TraceCounts1795260000000 implements MigrationInterface {
  name = 'TraceCounts1795260000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE trace_counts (
        id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        project_id  text   NOT NULL,
        n           bigint NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX trace_counts_project_idx ON trace_counts (project_id) INCLUDE (n)`);
    await queryRunner.query(`
      CREATE FUNCTION trace_counts_add(project text, delta bigint) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        added bigint;
      BEGIN
        INSERT INTO trace_counts (project_id, n) VALUES (project, delta) RETURNING id INTO added;
        IF added % 64 = 0 THEN
          WITH folded AS (
            DELETE FROM trace_counts
            WHERE id = ANY(ARRAY(SELECT id FROM trace_counts WHERE project_id = project FOR UPDATE SKIP LOCKED))
            RETURNING n
          )
          INSERT INTO trace_counts (project_id, n) SELECT project, sum(n) FROM folded HAVING count(*) > 0;
        END IF;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION trace_counts_inserted() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM trace_counts_add(project_id, count(*)) FROM inserted_traces GROUP BY project_id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION trace_counts_deleted() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM trace_counts_add(project_id, -count(*)) FROM deleted_traces GROUP BY project_id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION trace_counts_truncated() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM trace_counts;
        RETURN NULL;
      END $$`);
    // Created before the backfill in the same transaction: the trigger's lock on traces
    // holds writers back until COMMIT, so nothing is counted twice or missed.
    await queryRunner.query(`
      CREATE TRIGGER traces_count_inserted AFTER INSERT ON traces
      REFERENCING NEW TABLE AS inserted_traces FOR EACH STATEMENT EXECUTE FUNCTION trace_counts_inserted()`);
    await queryRunner.query(`
      CREATE TRIGGER traces_count_deleted AFTER DELETE ON traces
      REFERENCING OLD TABLE AS deleted_traces FOR EACH STATEMENT EXECUTE FUNCTION trace_counts_deleted()`);
    await queryRunner.query(`
      CREATE TRIGGER traces_count_truncated AFTER TRUNCATE ON traces
      FOR EACH STATEMENT EXECUTE FUNCTION trace_counts_truncated()`);
    await queryRunner.query(`INSERT INTO trace_counts (project_id, n) SELECT project_id, count(*) FROM traces GROUP BY project_id`);

    await queryRunner.query(`DROP INDEX observations_project_trace_idx`);
    await queryRunner.query(
      `CREATE INDEX observations_project_trace_idx ON observations (project_id, trace_id, start_time, created_at, id)`,
    );
    await queryRunner.query(`DROP INDEX traces_project_name_idx`);
    await queryRunner.query(`CREATE INDEX traces_project_name_idx ON traces (project_id, name, timestamp DESC) INCLUDE (tags)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX traces_project_name_idx`);
    await queryRunner.query(`CREATE INDEX traces_project_name_idx ON traces (project_id, name, timestamp DESC)`);
    await queryRunner.query(`DROP INDEX observations_project_trace_idx`);
    await queryRunner.query(`CREATE INDEX observations_project_trace_idx ON observations (project_id, trace_id, start_time)`);
    await queryRunner.query(`DROP TRIGGER traces_count_truncated ON traces`);
    await queryRunner.query(`DROP TRIGGER traces_count_deleted ON traces`);
    await queryRunner.query(`DROP TRIGGER traces_count_inserted ON traces`);
    await queryRunner.query(`DROP FUNCTION trace_counts_truncated()`);
    await queryRunner.query(`DROP FUNCTION trace_counts_deleted()`);
    await queryRunner.query(`DROP FUNCTION trace_counts_inserted()`);
    await queryRunner.query(`DROP FUNCTION trace_counts_add(text, bigint)`);
    await queryRunner.query(`DROP TABLE trace_counts`);
  }
}
