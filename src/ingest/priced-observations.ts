import type { EntityManager } from 'typeorm';
import type { ObservationCostWrite } from '../models/observation-cost.js';
import type { ObservationCostsService } from '../models/observation-costs.service.js';
import type { RowKind } from './ingest-writer.js';

/**
 * The observation row kind with pricing around its write, in the same transaction: each
 * write is priced on the row it produces (whatever order the events came in) and carries its
 * costs into the merge upsert.
 */
export function withObservationCosts<Row extends ObservationCostWrite>(
  kind: RowKind<Row, EntityManager>,
  costs: ObservationCostsService,
): RowKind<Row, EntityManager> {
  return {
    ...kind,
    write: async (tx, projectId, rows) => {
      const priced = await costs.priceWrites(tx, projectId, rows);
      await kind.write(tx, projectId, priced.rows);
      await costs.finishWrites(tx, projectId, priced);
    },
  };
}
