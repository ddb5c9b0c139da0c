import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { RateLimitStatsResponseDto } from './dto/rate-limit-stats-response.dto.js';
import { RateLimitStatsService } from './rate-limit-stats.service.js';

@ApiTags('internal')
@Controller('api/internal')
export class RateLimitStatsController {
  constructor(
    private readonly stats: RateLimitStatsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ApiOperation({ summary: 'Rate-limit counters of this instance; bearer tokens are masked' })
  @Get('rate_limit_stats')
  getStats(): RateLimitStatsResponseDto {
    return { rate_limit_qps: this.config.rateLimit.qps, rate_limit_burst: this.config.rateLimit.burst, ...this.stats.snapshot() };
  }
}
