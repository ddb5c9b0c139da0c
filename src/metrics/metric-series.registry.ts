import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LRUCache } from 'lru-cache';
import { DataSource } from 'typeorm';
import type { MetricPointRow } from './metric-point-row.js';
import { upsertSeriesQuery, type SeriesToUpsert } from './queries/upsert-series.query.js';
import { canonicalLabels, compareUtf8 } from './series-key.js';

/** Series ids kept in memory; a miss costs one upsert, so this bounds memory, not correctness. */
const CACHE_MAX_SERIES = 200_000;

/**
 * Maps (project, environment, name, labels) to the integer id of its `metric_series`
 * row. Unknown series are upserted in one autocommitted statement outside the ingest
 * transaction, so an id in the cache always names a committed row even when the
 * transaction that asked for it rolls back (a series row without points is harmless).
 */
@Injectable()
export class MetricSeriesRegistry {
  private readonly ids = new LRUCache<string, number>({ max: CACHE_MAX_SERIES });

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The series id of each row, in row order. */
  async resolve(projectId: string, environment: string, rows: MetricPointRow[]): Promise<number[]> {
    const keys = rows.map((row) => seriesKey(projectId, environment, row.name, canonicalLabels(row.labels)));
    const missing = new Map<string, SeriesToUpsert>();
    keys.forEach((key, index) => {
      if (!this.ids.has(key) && !missing.has(key)) {
        missing.set(key, { name: rows[index].name, labelsJson: canonicalLabels(rows[index].labels) });
      }
    });
    if (missing.size > 0) await this.upsert(projectId, environment, [...missing.values()]);
    return keys.map((key) => {
      const id = this.ids.get(key);
      if (id === undefined) throw new Error('metric series id missing after upsert');
      return id;
    });
  }

  private async upsert(projectId: string, environment: string, series: SeriesToUpsert[]): Promise<void> {
    series.sort((a, b) => compareUtf8(a.name, b.name) || compareUtf8(a.labelsJson, b.labelsJson));
    const { sql, params } = upsertSeriesQuery({ projectId, environment, series });
    const rows: { id: number; name: string; labels: Record<string, string> }[] = await this.dataSource.query(sql, params);
    for (const row of rows) {
      this.ids.set(seriesKey(projectId, environment, row.name, canonicalLabels(row.labels)), row.id);
    }
  }
}

function seriesKey(projectId: string, environment: string, name: string, labelsJson: string): string {
  return `${projectId}\u0000${environment}\u0000${name}\u0000${labelsJson}`;
}
