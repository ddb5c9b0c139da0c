import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The model price table and the mark that tells computed observation costs from client
 * costs, so that repricing never touches what a client sent.
 */
export class Models1795251600000 implements MigrationInterface {
  name = 'Models1795251600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // project_id NULL = a built-in row every project sees. Prices are USD per unit, keyed
    // by usage type; the three Langfuse price columns are derived from them.
    await queryRunner.query(`
      CREATE TABLE models (
        id                text             NOT NULL PRIMARY KEY,
        project_id        text,
        model_name        text             NOT NULL,
        match_pattern     text             NOT NULL,
        start_date        timestamptz,
        unit              text             NOT NULL DEFAULT 'TOKENS',
        prices            jsonb            NOT NULL DEFAULT '{}',
        input_price       double precision GENERATED ALWAYS AS ((prices ->> 'input')::double precision) STORED,
        output_price      double precision GENERATED ALWAYS AS ((prices ->> 'output')::double precision) STORED,
        total_price       double precision GENERATED ALWAYS AS ((prices ->> 'total')::double precision) STORED,
        currency          text             NOT NULL DEFAULT 'USD' CHECK (currency = 'USD'),
        tokenizer_id      text,
        tokenizer_config  jsonb,
        created_at        timestamptz      NOT NULL DEFAULT now(),
        updated_at        timestamptz      NOT NULL DEFAULT now(),
        CHECK (jsonb_typeof(prices) = 'object')
      )`);
    await queryRunner.query(`CREATE INDEX models_project_name_idx ON models (project_id, model_name)`);
    // 'client': costs came with the observation; 'computed': xtrace priced its usage; NULL: no cost.
    await queryRunner.query(`
      ALTER TABLE observations
        ADD COLUMN cost_source text CHECK (cost_source IN ('client', 'computed'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE observations DROP COLUMN cost_source`);
    await queryRunner.query(`DROP TABLE models`);
  }
}
