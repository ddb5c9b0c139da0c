import type { MigrationInterface, QueryRunner } from 'typeorm';
import priceList from './data/model-prices.json' with { type: 'json' };

/**
 * Data, not schema: loads the built-in price list (`data/model-prices.json`, which names
 * its sources and date) and marks the costs already stored on observations as client costs
 * (before this release xtrace computed none). A newer price list ships as a new migration
 * calling `upsertBuiltInModels` with its file; rows are matched by id.
 */
export class BuiltInModelPrices1795251600001 implements MigrationInterface {
  name = 'BuiltInModelPrices1795251600001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await upsertBuiltInModels(queryRunner, BUILT_IN_MODELS);
    await queryRunner.query(`
      UPDATE observations SET cost_source = 'client'
      WHERE cost_source IS NULL
        AND (calculated_input_cost IS NOT NULL OR calculated_output_cost IS NOT NULL
             OR calculated_total_cost IS NOT NULL OR cost_details IS NOT NULL)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM models WHERE project_id IS NULL AND id = ANY($1::text[])`, [
      BUILT_IN_MODELS.map((model) => model.id),
    ]);
  }
}

const BUILT_IN_MODELS: BuiltInModel[] = priceList.models;

export interface BuiltInModel {
  id: string;
  modelName: string;
  matchPattern: string;
  startDate: string | null;
  unit: string;
  /** USD per unit by usage type (a JSON import types absent keys as undefined). */
  prices: Record<string, number | undefined>;
}

export async function upsertBuiltInModels(queryRunner: QueryRunner, models: BuiltInModel[]): Promise<void> {
  await queryRunner.query(
    `INSERT INTO models (id, project_id, model_name, match_pattern, start_date, unit, prices)
     SELECT m.id, NULL, m."modelName", m."matchPattern", m."startDate", m.unit, m.prices
     FROM json_to_recordset($1::json) AS m(id text, "modelName" text, "matchPattern" text,
                                            "startDate" timestamptz, unit text, prices jsonb)
     ON CONFLICT (id) DO UPDATE SET
       model_name = EXCLUDED.model_name, match_pattern = EXCLUDED.match_pattern,
       start_date = EXCLUDED.start_date, unit = EXCLUDED.unit, prices = EXCLUDED.prices,
       updated_at = now()
     WHERE models.project_id IS NULL`,
    [JSON.stringify(models)],
  );
}
