import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DAY_MS } from './metric-steps.js';
import { ensurePartitionsQuery } from './queries/ensure-partitions.query.js';
import { dropPartitionsBeforeQuery } from './queries/drop-partitions.query.js';

/**
 * The day partitions of `metric_points`. Partitions are created in their own
 * autocommitted statement (never inside an ingest transaction), so a day this process
 * has seen exists for good even if the transaction that needed it rolls back; creating
 * one takes only a SHARE UPDATE EXCLUSIVE lock on the parent, which neither waits for
 * nor blocks inserts and queries.
 */
@Injectable()
export class MetricPartitions {
  /** Start (epoch ms) of the days known to have a partition. */
  private readonly known = new Set<number>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Makes sure every timestamp has its day partition. */
  async ensureFor(timestampsMs: Iterable<number>): Promise<void> {
    const missing = new Set<number>();
    for (const timestampMs of timestampsMs) {
      const dayStartMs = Math.floor(timestampMs / DAY_MS) * DAY_MS;
      if (!this.known.has(dayStartMs)) missing.add(dayStartMs);
    }
    if (missing.size > 0) await this.ensureDays([...missing].sort((a, b) => a - b));
  }

  /** Creates today's partition and the next `daysAhead` ones. */
  async ensureAhead(nowMs: number, daysAhead: number): Promise<void> {
    const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
    await this.ensureDays(Array.from({ length: daysAhead + 1 }, (_, offset) => today + offset * DAY_MS));
  }

  /** Drops the partitions of days that ended at or before `cutoffMs`; returns how many. */
  async dropBefore(cutoffMs: number): Promise<number> {
    const { sql, params } = dropPartitionsBeforeQuery(new Date(cutoffMs));
    const [{ dropped }] = await this.dataSource.query(sql, params);
    for (const dayStartMs of this.known) if (dayStartMs + DAY_MS <= cutoffMs) this.known.delete(dayStartMs);
    return dropped;
  }

  private async ensureDays(dayStartsMs: number[]): Promise<void> {
    const { sql, params } = ensurePartitionsQuery(dayStartsMs.map((dayStartMs) => new Date(dayStartMs).toISOString().slice(0, 10)));
    await this.dataSource.query(sql, params);
    for (const dayStartMs of dayStartsMs) this.known.add(dayStartMs);
  }
}
