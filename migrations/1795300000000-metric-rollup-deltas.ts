import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rollup deltas: the ingest transaction appends one partial 5-minute aggregate per series and
 * touched bucket (plain INSERT: no conflict check, no row lock, no dead rollup row), and
 * `metric_rollups_fold()` moves them into the 5-minute and 1-hour rollups in one statement.
 * Queries read rollups and not-yet-folded deltas together, so a committed point always
 * counts exactly once. Upserting both rollup widths per flush cost PostgreSQL about as much
 * as the COPY of the points itself (bench/FINDINGS.md).
 */
export class MetricRollupDeltas1795300000000 implements MigrationInterface {
  name = 'MetricRollupDeltas1795300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE metric_rollup_deltas (
        series_id   integer          NOT NULL,
        bucket      timestamptz      NOT NULL,
        count       bigint           NOT NULL,
        sum         double precision NOT NULL,
        min         double precision NOT NULL,
        max         double precision NOT NULL,
        last_value  double precision NOT NULL,
        last_ts     timestamptz      NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX metric_rollup_deltas_series_bucket_idx ON metric_rollup_deltas (series_id, bucket)`);
    // One statement: the deleted deltas are exactly the ones merged (DELETE … RETURNING), so a
    // delta committed meanwhile stays for the next fold. The try-lock keeps folders (timers of
    // several instances) from upserting the same rollup rows at once; the loser just returns.
    // The merge rules are those of the former per-flush upsert: later last_ts wins, equal
    // times the greater value (the raw `last`).
    await queryRunner.query(`
      CREATE FUNCTION metric_rollups_fold() RETURNS integer
      LANGUAGE plpgsql AS $$
      DECLARE
        folded integer;
      BEGIN
        IF NOT pg_try_advisory_xact_lock(hashtext('metric_rollups_fold')) THEN
          RETURN 0;
        END IF;
        WITH moved AS (
          DELETE FROM metric_rollup_deltas RETURNING *
        ),
        five AS (
          INSERT INTO metric_rollups_5m AS r (series_id, bucket, count, sum, min, max, last_value, last_ts)
          SELECT series_id, bucket, sum(count), sum(sum), min(min), max(max),
                 (array_agg(last_value ORDER BY last_ts DESC, last_value DESC))[1], max(last_ts)
          FROM moved
          GROUP BY series_id, bucket
          ORDER BY series_id, bucket
          ON CONFLICT (series_id, bucket) DO UPDATE SET
            count = r.count + EXCLUDED.count,
            sum = r.sum + EXCLUDED.sum,
            min = LEAST(r.min, EXCLUDED.min),
            max = GREATEST(r.max, EXCLUDED.max),
            last_value = CASE
              WHEN (EXCLUDED.last_ts, EXCLUDED.last_value) > (r.last_ts, r.last_value) THEN EXCLUDED.last_value
              ELSE r.last_value
            END,
            last_ts = GREATEST(r.last_ts, EXCLUDED.last_ts)
        ),
        hour AS (
          INSERT INTO metric_rollups_1h AS r (series_id, bucket, count, sum, min, max, last_value, last_ts)
          SELECT series_id, date_bin('1 hour', bucket, TIMESTAMPTZ '1970-01-01 00:00:00+00') AS hour,
                 sum(count), sum(sum), min(min), max(max),
                 (array_agg(last_value ORDER BY last_ts DESC, last_value DESC))[1], max(last_ts)
          FROM moved
          GROUP BY series_id, hour
          ORDER BY series_id, hour
          ON CONFLICT (series_id, bucket) DO UPDATE SET
            count = r.count + EXCLUDED.count,
            sum = r.sum + EXCLUDED.sum,
            min = LEAST(r.min, EXCLUDED.min),
            max = GREATEST(r.max, EXCLUDED.max),
            last_value = CASE
              WHEN (EXCLUDED.last_ts, EXCLUDED.last_value) > (r.last_ts, r.last_value) THEN EXCLUDED.last_value
              ELSE r.last_value
            END,
            last_ts = GREATEST(r.last_ts, EXCLUDED.last_ts)
        )
        SELECT count(*) INTO folded FROM moved;
        RETURN folded;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // Deltas not yet folded are folded first, so no acknowledged point leaves the rollups.
    await queryRunner.query(`SELECT metric_rollups_fold()`);
    await queryRunner.query(`DROP FUNCTION metric_rollups_fold()`);
    await queryRunner.query(`DROP TABLE metric_rollup_deltas`);
  }
}
