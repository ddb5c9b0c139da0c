import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Day partitions of metric_points, managed by two functions the metrics module calls:
 * create on demand (and a few days ahead), drop whole days for retention. Rollup tables
 * leave room on each page so the per-flush upserts of the current bucket stay HOT updates.
 */
export class MetricPartitions1763800000000 implements MigrationInterface {
  name = 'MetricPartitions1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // CREATE TABLE + ATTACH (SHARE UPDATE EXCLUSIVE on the parent) instead of
    // CREATE TABLE ... PARTITION OF (ACCESS EXCLUSIVE): a new day never waits for,
    // or blocks, running queries and ingest transactions. The advisory lock serialises
    // creators (several writers, several xtrace instances, the ahead-of-time timer).
    await queryRunner.query(`
      CREATE FUNCTION metric_points_ensure_partitions(days date[]) RETURNS integer
      LANGUAGE plpgsql AS $$
      DECLARE
        day date;
        part text;
        created integer := 0;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('metric_points_partitions'));
        FOREACH day IN ARRAY days LOOP
          part := 'metric_points_' || to_char(day, 'YYYYMMDD');
          CONTINUE WHEN to_regclass(quote_ident(part)) IS NOT NULL;
          EXECUTE format('CREATE TABLE %I (LIKE metric_points INCLUDING DEFAULTS)', part);
          EXECUTE format(
            'ALTER TABLE metric_points ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
            part, day::text || ' 00:00:00+00', (day + 1)::text || ' 00:00:00+00');
          created := created + 1;
        END LOOP;
        RETURN created;
      END $$`);
    // Drops whole days that ended at or before the cutoff. A short lock timeout: retention
    // runs again later, while a long wait would queue every query behind the DROP.
    await queryRunner.query(`
      CREATE FUNCTION metric_points_drop_partitions_before(cutoff timestamptz) RETURNS integer
      LANGUAGE plpgsql AS $$
      DECLARE
        part record;
        dropped integer := 0;
      BEGIN
        PERFORM set_config('lock_timeout', '2s', true);
        FOR part IN
          SELECT c.relname AS name
          FROM pg_inherits i
          JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'metric_points'::regclass
            AND c.relname ~ '^metric_points_[0-9]{8}$'
            AND ((to_date(substr(c.relname, 15), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC') <= cutoff
        LOOP
          EXECUTE format('DROP TABLE %I', part.name);
          dropped := dropped + 1;
        END LOOP;
        RETURN dropped;
      END $$`);
    await queryRunner.query(`ALTER TABLE metric_rollups_5m SET (fillfactor = 70)`);
    await queryRunner.query(`ALTER TABLE metric_rollups_1h SET (fillfactor = 70)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE metric_rollups_1h RESET (fillfactor)`);
    await queryRunner.query(`ALTER TABLE metric_rollups_5m RESET (fillfactor)`);
    await queryRunner.query(`DROP FUNCTION metric_points_drop_partitions_before(timestamptz)`);
    await queryRunner.query(`DROP FUNCTION metric_points_ensure_partitions(date[])`);
  }
}
