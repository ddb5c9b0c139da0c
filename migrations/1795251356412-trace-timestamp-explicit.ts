import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Marks trace timestamps set by a trace write. Without the mark the timestamp is a
 * placeholder (earliest observation start, or the time the trace row was first written)
 * that later observations may move earlier and any trace write replaces.
 */
export class TraceTimestampExplicit1795251356412 implements MigrationInterface {
  name = 'TraceTimestampExplicit1795251356412';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE traces ADD COLUMN timestamp_explicit boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE traces DROP COLUMN timestamp_explicit`);
  }
}
