import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max } from 'class-validator';

/** Keeps the row offset a plain integer for PostgreSQL. */
export const MAX_PAGE = 10_000_000;
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

/** `page` and `limit` of every page-numbered list. */
export class PageQueryDto {
  /** Page number from 1; values below 1 read as 1. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Max(MAX_PAGE)
  page?: number;

  /** Items per page, default 50, clamped to 1..200. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  limit?: number;
}

/** Page and limit as the original reads them: page below 1 is 1, limit clamped to 1..200. */
export function clampPage(page: number | undefined, limit: number | undefined): { page: number; limit: number } {
  return {
    page: Math.max(1, page ?? 1),
    limit: Math.min(MAX_LIMIT, Math.max(1, limit ?? DEFAULT_LIMIT)),
  };
}
