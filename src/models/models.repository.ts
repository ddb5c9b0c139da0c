import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { ModelEntity } from './model.entity.js';
import type { PriceRow } from './model-matching.js';

/** The `models` table. Every method takes the acting project first; built-in rows are visible to all. */
@Injectable()
export class ModelsRepository {
  constructor(@InjectRepository(ModelEntity) private readonly models: Repository<ModelEntity>) {}

  /** The project's rows first, then built-in ones; by name, newest start date first. */
  async list(projectId: string, page: number, limit: number): Promise<{ rows: ModelEntity[]; total: number }> {
    const [rows, total] = await this.models
      .createQueryBuilder('m')
      .where('(m.project_id = :projectId OR m.project_id IS NULL)', { projectId })
      .orderBy('m.project_id IS NULL', 'ASC')
      .addOrderBy('m.model_name', 'ASC')
      .addOrderBy('m.start_date', 'DESC', 'NULLS LAST')
      .addOrderBy('m.created_at', 'DESC')
      .addOrderBy('m.id', 'ASC')
      .offset((page - 1) * limit)
      .limit(limit)
      .getManyAndCount();
    return { rows, total };
  }

  /** A row the project can see (its own or built-in), or null. */
  async get(projectId: string, id: string): Promise<ModelEntity | null> {
    return this.models
      .createQueryBuilder('m')
      .where('m.id = :id AND (m.project_id = :projectId OR m.project_id IS NULL)', { id, projectId })
      .getOne();
  }

  async insert(model: Omit<ModelEntity, 'inputPrice' | 'outputPrice' | 'totalPrice' | 'createdAt' | 'updatedAt'>): Promise<ModelEntity> {
    await this.models.save(this.models.create(model));
    return this.models.findOneByOrFail({ id: model.id });
  }

  /** Deletes one of the project's own rows; false when it has none with that id. */
  async deleteOwn(projectId: string, id: string): Promise<boolean> {
    const result = await this.models.delete({ id, projectId });
    return (result.affected ?? 0) > 0;
  }

  /**
   * A value that changes whenever a row is added, removed or updated (rows are only written
   * with a fresh updated_at): lets every instance notice price changes with one tiny query.
   */
  async version(manager: EntityManager): Promise<string> {
    const [row] = (await manager.query(
      `SELECT count(*)::int AS count, max(updated_at)::text AS latest FROM models`,
    )) as { count: number; latest: string | null }[];
    return `${row.count}@${row.latest ?? ''}`;
  }

  /** Every row of every project: the whole table is small (hundreds of rows). */
  async priceRows(manager: EntityManager): Promise<PriceRow[]> {
    const rows = await manager.getRepository(ModelEntity).find();
    return rows.map((row) => ({
      id: row.id,
      projectId: row.projectId,
      matchPattern: row.matchPattern,
      startDate: row.startDate,
      unit: row.unit,
      prices: row.prices,
      createdAt: row.createdAt,
    }));
  }
}
