import { Type } from 'class-transformer';
import { IsInt, IsOptional } from 'class-validator';

export class ListModelsQueryDto {
  /** Page number from 1; values below 1 read as 1. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  page?: number;

  /** Items per page, default 50, clamped to 1..200. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  limit?: number;
}
