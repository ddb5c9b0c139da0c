import { Module } from '@nestjs/common';
import { MetricPartitions } from './metric-partitions.js';
import { MetricPointsKind } from './metric-points.kind.js';
import { MetricRetentionService } from './metric-retention.service.js';
import { MetricRollupFolder } from './metric-rollup-folder.js';
import { MetricSeriesRegistry } from './metric-series.registry.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

/** Metric points: the writer's row kind, partitions and retention, and the read API. */
@Module({
  controllers: [MetricsController],
  providers: [MetricSeriesRegistry, MetricPartitions, MetricPointsKind, MetricRollupFolder, MetricRetentionService, MetricsService],
  exports: [MetricPointsKind],
})
export class MetricsModule {}
