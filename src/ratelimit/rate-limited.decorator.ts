import { UseGuards } from '@nestjs/common';
import { RateLimitGuard } from './rate-limit.guard.js';

/** Puts a query route under the per-credential rate limit (API.md §1.3). */
export const RateLimited = () => UseGuards(RateLimitGuard);
