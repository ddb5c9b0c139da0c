import { InitialSchema1763700000000 } from './1763700000000-initial-schema.js';
import { MetricPartitions1763800000000 } from './1763800000000-metric-partitions.js';
import { TraceTimestampExplicit1795251356412 } from './1795251356412-trace-timestamp-explicit.js';

/** Every migration, oldest first. New migrations are appended here. */
export const MIGRATIONS = [InitialSchema1763700000000, MetricPartitions1763800000000, TraceTimestampExplicit1795251356412];
