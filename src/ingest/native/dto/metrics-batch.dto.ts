import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray } from 'class-validator';

/** Points a request may carry (API.md §7). */
export const MAX_POINTS_PER_REQUEST = 10_000;

/** One metric point. Validated by `validateMetricPoints` (fast path for 10,000 points a request). */
export class MetricPointDto {
  /** Metric name, 1–200 characters. */
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'gpu_utilization' })
  name!: string;

  /** Up to 32 labels; values must be strings. */
  @ApiProperty({
    required: false,
    type: Object,
    additionalProperties: { type: 'string' },
    maxProperties: 32,
    example: { node_id: 'n1', gpu_index: '0' },
  })
  labels?: Record<string, string>;

  /** A finite number. */
  @ApiProperty({ example: 0.87 })
  value!: number;

  /** RFC 3339 / ISO 8601 with `Z` or an offset. */
  @ApiProperty({ format: 'date-time', example: '2026-11-21T08:00:00Z' })
  timestamp!: string;
}

export class MetricsBatchDto {
  /** The points; every one is checked and any bad one fails the whole request (400 naming its index). */
  @ApiProperty({ type: [MetricPointDto], maxItems: MAX_POINTS_PER_REQUEST })
  @IsArray()
  @ArrayMaxSize(MAX_POINTS_PER_REQUEST, { message: `metrics must contain at most ${MAX_POINTS_PER_REQUEST} points` })
  metrics!: unknown[];
}
