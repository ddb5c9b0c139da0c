import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MemoryGcraStorage, RedisGcraStorage } from './gcra-storage.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { RateLimitStatsController } from './rate-limit-stats.controller.js';
import { RateLimitStatsService } from './rate-limit-stats.service.js';

const REDIS = Symbol('RATE_LIMIT_REDIS');

/** Per-credential rate limits for query routes; state in memory or, with REDIS_URL, in Redis. */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, REDIS],
      useFactory: (config: AppConfig, redis: Redis | null) => {
        const { qps, burst } = config.rateLimit;
        return {
          // limit/ttl are what the throttler reports in X-RateLimit-*; GCRA makes the decision.
          throttlers: [{ name: 'default', limit: burst, ttl: Math.ceil((burst / qps) * 1000) }],
          storage: redis ? new RedisGcraStorage(redis, qps, burst) : new MemoryGcraStorage(qps, burst),
        };
      },
    }),
  ],
  controllers: [RateLimitStatsController],
  providers: [
    RateLimitStatsService,
    RateLimitGuard,
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        config.rateLimit.redisUrl
          ? new Redis(config.rateLimit.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true })
          : null,
    },
  ],
  exports: [RateLimitGuard, RateLimitStatsService, ThrottlerModule, REDIS],
})
export class RateLimitModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis | null) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
