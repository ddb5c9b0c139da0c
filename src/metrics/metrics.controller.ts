import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { RateLimited } from '../ratelimit/rate-limited.decorator.js';
import { MetricsDailyQueryDto } from './dto/metrics-daily-query.dto.js';
import { MetricLabelsQueryDto, MetricsQueryDto } from './dto/metrics-query.dto.js';
import {
  DailyMetricsResponseDto,
  MetricLabelsResponseDto,
  MetricNamesResponseDto,
  MetricsQueryResponseDto,
} from './dto/metrics-response.dto.js';
import { MetricsService } from './metrics.service.js';

@ApiTags('metrics')
@RateLimited()
@Controller('api/public/metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @ApiOperation({ summary: 'Distinct metric names, ascending' })
  @Get('names')
  names(): Promise<MetricNamesResponseDto> {
    return this.metrics.names();
  }

  @ApiOperation({ summary: 'Label keys of a metric with up to 100 distinct values each' })
  @Get('labels')
  labels(@Query() query: MetricLabelsQueryDto): Promise<MetricLabelsResponseDto> {
    return this.metrics.labels(query.name);
  }

  @ApiOperation({ summary: 'Time-bucket aggregates of a metric, one series per label set or group_by value' })
  @Get('query')
  query(@Query() query: MetricsQueryDto): Promise<MetricsQueryResponseDto> {
    return this.metrics.query(query);
  }

  @ApiOperation({ summary: 'Per-day trace count, observation count, cost and per-model usage, newest day first' })
  @Get('daily')
  daily(@Query() query: MetricsDailyQueryDto): Promise<DailyMetricsResponseDto> {
    return this.metrics.daily(query);
  }
}
