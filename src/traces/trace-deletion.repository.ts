import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

/** Removes traces with everything attached to them, in one transaction. */
@Injectable()
export class TraceDeletionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Deletes the traces, their observations and their scores; returns the ids of the traces that existed. */
  deleteTraces(projectId: string, traceIds: string[]): Promise<string[]> {
    return this.dataSource.transaction(async (tx) => {
      const params = [projectId, traceIds];
      await tx.query('DELETE FROM scores WHERE project_id = $1 AND trace_id = ANY($2::text[])', params);
      await tx.query('DELETE FROM observations WHERE project_id = $1 AND trace_id = ANY($2::text[])', params);
      const [deleted] = (await tx.query('DELETE FROM traces WHERE project_id = $1 AND id = ANY($2::text[]) RETURNING id', params)) as [
        { id: string }[],
        number,
      ];
      return deleted.map((row) => row.id);
    });
  }
}
