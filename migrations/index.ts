import { InitialSchema1763700000000 } from './1763700000000-initial-schema.js';
import { TraceTimestampExplicit1795251356412 } from './1795251356412-trace-timestamp-explicit.js';
import { Models1795251600000 } from './1795251600000-models.js';
import { BuiltInModelPrices1795251600001 } from './1795251600001-built-in-model-prices.js';
import { MetricStorage1795254477153 } from './1795254477153-metric-storage.js';
import { TraceCounts1795260000000 } from './1795260000000-trace-counts.js';
import { MetricRollupDeltas1795300000000 } from './1795300000000-metric-rollup-deltas.js';
import { DailyUsage1795400000000 } from './1795400000000-daily-usage.js';
import { UsageRollupPlannedPerStatement1795500000000 } from './1795500000000-usage-rollup-planned-per-statement.js';
import { TraceIndexIdsIncluded1795600000000 } from './1795600000000-trace-index-ids-included.js';

/** Every migration, oldest first. New migrations are appended here. */
export const MIGRATIONS = [
  InitialSchema1763700000000,
  TraceTimestampExplicit1795251356412,
  Models1795251600000,
  BuiltInModelPrices1795251600001,
  MetricStorage1795254477153,
  TraceCounts1795260000000,
  MetricRollupDeltas1795300000000,
  DailyUsage1795400000000,
  UsageRollupPlannedPerStatement1795500000000,
  TraceIndexIdsIncluded1795600000000,
];
