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
  /** Days (`YYYY-MM-DD`) known to have a partition. */
  private readonly known = new Set<string>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Makes sure every timestamp has its day partition. */
  async ensureFor(timestampsMs: Iterable<number>): Promise<void> {
    const missing = new Set<string>();
    for (const timestampMs of timestampsMs) {
      const day = dayOf(timestampMs);
      if (!this.known.has(day)) missing.add(day);
    }
    if (missing.size > 0) await this.ensureDays([...missing].sort());
  }

  /** Creates today's partition and the next `daysAhead` ones. */
  async ensureAhead(nowMs: number, daysAhead: number): Promise<void> {
    const days = Array.from({ length: daysAhead + 1 }, (_, offset) => dayOf(nowMs + offset * DAY_MS));
    await this.ensureDays(days);
  }

  /** Drops the partitions of days that ended at or before `cutoffMs`; returns how many. */
  async dropBefore(cutoffMs: number): Promise<number> {
    const { sql, params } = dropPartitionsBeforeQuery(new Date(cutoffMs));
    const [{ dropped }] = await this.dataSource.query(sql, params);
    for (const day of this.known) if (Date.parse(day) + DAY_MS <= cutoffMs) this.known.delete(day);
    return dropped;
  }

  private async ensureDays(days: string[]): Promise<void> {
    const { sql, params } = ensurePartitionsQuery(days);
    await this.dataSource.query(sql, params);
    for (const day of days) this.known.add(day);
  }
}

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function dayOf(timestampMs: number): string {
  return new Date(timestampMs).toISOString().slice(0, 10);
}
