export class MetricNamesResponseDto {
  /** Distinct metric names, ascending. */
  data!: string[];
}

export class MetricLabelsResponseDto {
  /** Label key → up to 100 distinct values, sorted. */
  data!: Record<string, string[]>;
}

export class MetricValueDto {
  /** Bucket start (UTC). */
  timestamp!: string;
  value!: number;
}

export class MetricSeriesDto {
  /** The series' labels, or `{ "<group_by>": value | null }`. */
  labels!: Record<string, string | null>;
  /** Buckets with data, ascending. */
  values!: MetricValueDto[];
}

export class MetricsQueryMetaDto {
  /** Start of the latest bucket with data; absent when there is none. */
  latest_ts?: string;
  /** Number of series returned. */
  series_count!: number;
  /** True when series (50) or points per series (1,000) were cut. */
  truncated!: boolean;
}

export class MetricsQueryResponseDto {
  data!: MetricSeriesDto[];
  meta!: MetricsQueryMetaDto;
}

export class ModelUsageDto {
  /** Model name, `unknown` when not set. */
  model!: string;
  inputUsage!: number;
  outputUsage!: number;
  totalUsage!: number;
  countTraces!: number;
  countObservations!: number;
  totalCost!: number;
}

export class DailyMetricsDto {
  /** UTC day of the traces' timestamps, `YYYY-MM-DD`. */
  date!: string;
  countTraces!: number;
  /** Observations of all types of those traces. */
  countObservations!: number;
  /** Sum of the traces' total cost. */
  totalCost!: number;
  /** GENERATION observations per model, most expensive first. */
  usage!: ModelUsageDto[];
}

export class PageMetaDto {
  page!: number;
  limit!: number;
  totalItems!: number;
  totalPages!: number;
}

export class DailyMetricsResponseDto {
  data!: DailyMetricsDto[];
  meta!: PageMetaDto;
}
