import { Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { TraceDeletionRepository } from './trace-deletion.repository.js';

/** Deleting traces removes their observations and scores too. */
@Injectable()
export class TraceDeletionService {
  constructor(private readonly deletion: TraceDeletionRepository) {}

  /** 404 when the trace is not in the caller's project. */
  async deleteOne(projectId: string, traceId: string): Promise<void> {
    const deleted = await this.deletion.deleteTraces(projectId, [traceId]);
    if (deleted.length === 0) throw AppError.notFound();
  }

  /** Unknown ids are skipped; returns how many traces were deleted. */
  async deleteMany(projectId: string, traceIds: string[]): Promise<number> {
    return (await this.deletion.deleteTraces(projectId, [...new Set(traceIds)])).length;
  }
}
