import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import { from as copyFrom } from 'pg-copy-streams';
import type { PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import type { RowKind } from '../ingest/ingest-writer.js';
import { METRIC_POINT_KIND, type MetricPointRow } from './metric-point-row.js';
import { MetricPartitions } from './metric-partitions.js';
import { MetricSeriesRegistry } from './metric-series.registry.js';
import { DELTA_WIDTH_MS } from './metric-steps.js';
import { COPY_POINTS_SQL, copyPointsData } from './queries/insert-points.query.js';
import { COPY_ROLLUP_DELTAS_SQL, rollupDeltasCopyData } from './queries/insert-rollup-deltas.query.js';
import { aggregateRollups, type ResolvedPoint } from './rollup-aggregator.js';

/** Metric points always land in this environment (API.md §2.5). */
export const METRIC_ENVIRONMENT = 'default';

/**
 * Writes metric points for the shared ingest writer. Points are samples: no key, no
 * merge, duplicates kept. Series ids and day partitions are settled first (outside the
 * transaction, cached); then, inside it, the points go in by COPY and their 5-minute
 * partial aggregates are appended to `metric_rollup_deltas`, so points and rollup data
 * commit together. `MetricRollupFolder` merges the deltas into the rollup tables.
 */
@Injectable()
export class MetricPointsKind implements RowKind<MetricPointRow, EntityManager> {
  readonly name = METRIC_POINT_KIND;
  // After traces, observations and scores: nothing depends on metric rows.
  readonly order = 100;

  constructor(
    private readonly series: MetricSeriesRegistry,
    private readonly partitions: MetricPartitions,
  ) {}

  async write(tx: EntityManager, projectId: string, rows: MetricPointRow[]): Promise<void> {
    const [seriesIds] = await Promise.all([
      this.series.resolve(projectId, METRIC_ENVIRONMENT, rows),
      this.partitions.ensureFor(rows.map((row) => row.timestampMs)),
    ]);
    const points: ResolvedPoint[] = rows.map((row, index) => ({
      seriesId: seriesIds[index],
      timestampMs: row.timestampMs,
      value: row.value,
    }));
    await copyInto(tx, COPY_POINTS_SQL, copyPointsData(points));
    await copyInto(tx, COPY_ROLLUP_DELTAS_SQL, rollupDeltasCopyData(aggregateRollups(points, DELTA_WIDTH_MS)));
  }
}

/** COPY on the transaction's own connection (measured fastest; see the module README). */
async function copyInto(tx: EntityManager, sql: string, chunks: Buffer[]): Promise<void> {
  if (!tx.queryRunner) throw new Error('metric points must be written inside a transaction');
  const client = (await tx.queryRunner.connect()) as PoolClient;
  await pipeline(Readable.from(chunks), client.query(copyFrom(sql)));
}
