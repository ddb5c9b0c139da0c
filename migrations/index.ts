import { InitialSchema1763700000000 } from './1763700000000-initial-schema.js';
import { MetricPartitions1763800000000 } from './1763800000000-metric-partitions.js';

/** Every migration, oldest first. New migrations are appended here. */
export const MIGRATIONS = [InitialSchema1763700000000, MetricPartitions1763800000000];
