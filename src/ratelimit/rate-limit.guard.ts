import { type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerRequest,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../common/errors/app-error.js';
import { RateLimitStatsService } from './rate-limit-stats.service.js';

/**
 * The throttler guard of query routes: one GCRA budget per credential, shared by
 * every rate-limited route. Runs after the global auth guard, so a 401 is never a 429.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly stats: RateLimitStatsService,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return (request as unknown as FastifyRequest).credentialKey ?? 'anonymous';
  }

  protected override generateKey(_context: ExecutionContext, tracker: string): string {
    return tracker;
  }

  protected override async handleRequest(props: ThrottlerRequest): Promise<boolean> {
    try {
      const allowed = await super.handleRequest(props);
      this.stats.recordAllowed();
      return allowed;
    } catch (error) {
      if (error instanceof AppError && error.code === ErrorCode.TooManyRequests) {
        this.stats.recordRejected(await this.getTracker(props.context.switchToHttp().getRequest()));
      }
      throw error;
    }
  }

  protected override async throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfterSeconds = Math.max(1, Math.floor(detail.timeToBlockExpire));
    throw new AppError(ErrorCode.TooManyRequests, 'Too Many Requests', {
      retryAfterSeconds,
      extra: {
        data: null,
        meta: {
          rate_limit: {
            remaining: 0,
            reset_at: new Date(Date.now() + retryAfterSeconds * 1000).toISOString(),
          },
        },
      },
    });
  }
}
