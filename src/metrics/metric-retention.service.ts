import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MetricPartitions } from './metric-partitions.js';
import { MetricRollupFolder } from './metric-rollup-folder.js';
import { DAY_MS, ROLLUPS } from './metric-steps.js';
import { deleteRollupsQuery } from './queries/delete-rollups.query.js';

/** How often partitions ahead are created and retention runs. */
const MAINTENANCE_INTERVAL_MS = 60 * 60 * 1000;
/** Days of partitions kept ready ahead of today. */
const DAYS_AHEAD = 3;

/**
 * Housekeeping of metric storage, on start and hourly: creates the next days'
 * partitions before points arrive, drops whole point partitions older than
 * `XTRACE_METRICS_RETENTION_DAYS`, and deletes the project's rollups older than
 * `XTRACE_ROLLUP_RETENTION_DAYS`.
 */
@Injectable()
export class MetricRetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(MetricRetentionService.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly partitions: MetricPartitions,
    private readonly folder: MetricRollupFolder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.runOnce();
    this.timer = setInterval(() => void this.runOnce(), MAINTENANCE_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** One maintenance round; failures are logged and retried next round. */
  runOnce(): Promise<void> {
    this.running ??= this.maintain()
      .catch((error: unknown) => {
        this.log.warn({ msg: 'metric maintenance failed; retrying next round', err: String(error) });
      })
      .finally(() => {
        this.running = undefined;
      });
    return this.running;
  }

  private async maintain(): Promise<void> {
    const now = Date.now();
    await this.partitions.ensureAhead(now, DAYS_AHEAD);
    const { retentionDays, rollupRetentionDays } = this.config.metrics;
    if (retentionDays !== undefined) {
      const dropped = await this.partitions.dropBefore(now - retentionDays * DAY_MS);
      if (dropped > 0) this.log.log(`dropped ${dropped} metric point partition(s) older than ${retentionDays} days`);
    }
    // Fold first, so old deltas are in the rollups the DELETE below trims (queries never
    // plan rollups older than their retention, so deltas there are only dead weight).
    await this.folder.foldOnce();
    for (const rollup of ROLLUPS) {
      const { sql, params } = deleteRollupsQuery(rollup, this.config.project.defaultId, new Date(now - rollupRetentionDays * DAY_MS));
      await this.dataSource.query(sql, params);
    }
  }
}
