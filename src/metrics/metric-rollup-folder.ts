import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { FOLD_ROLLUPS_SQL } from './queries/insert-rollup-deltas.query.js';

/**
 * How often rollup deltas are folded. Queries read unfolded deltas too, so this bounds
 * only how many of them a query reads, never what it sees; each fold upserts one rollup
 * row per series and bucket for all the flushes since the last one.
 */
const FOLD_INTERVAL_MS = 1000;

/**
 * Folds `metric_rollup_deltas` into the 5-minute and 1-hour rollups, every second, at
 * start and at shutdown. A failed fold rolls back whole (the deltas stay) and is retried
 * at the next tick.
 */
@Injectable()
export class MetricRollupFolder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(MetricRollupFolder.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.foldOnce();
    this.timer = setInterval(() => void this.foldOnce(), FOLD_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    await this.foldOnce();
  }

  /** One fold (or the one already running); failures are logged, never thrown. */
  foldOnce(): Promise<void> {
    this.running ??= this.dataSource
      .query(FOLD_ROLLUPS_SQL)
      .then(() => undefined)
      .catch((error: unknown) => {
        this.log.warn({ msg: 'folding metric rollup deltas failed; retrying', err: String(error) });
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }
}
