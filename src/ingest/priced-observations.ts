import type { EntityManager } from 'typeorm';
import type { ObservationCostWrite } from '../models/observation-cost.js';
import type { ObservationCostsService } from '../models/observation-costs.service.js';
import type { RowKind } from './ingest-writer.js';

/**
 * The observation row kind followed, in the same transaction, by pricing the rows it just
 * merged: costs are computed on the merged row, whatever order the events came in.
 */
export function withObservationCosts<Row extends ObservationCostWrite>(
  kind: RowKind<Row, EntityManager>,
  costs: ObservationCostsService,
): RowKind<Row, EntityManager> {
  return {
    ...kind,
    write: async (tx, projectId, rows) => {
      await kind.write(tx, projectId, rows);
      await costs.afterObservationsWrite(tx, projectId, rows);
    },
  };
}
