import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { ProjectDto } from './dto/project.dto.js';

/** The project every request acts in. xtrace is single-tenant: it is DEFAULT_PROJECT_ID. */
@Injectable()
export class ProjectsService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** The caller's project: every read is scoped by it and every write lands in it. */
  current(): string {
    return this.config.project.defaultId;
  }

  list(now = new Date()): ProjectDto[] {
    const id = this.current();
    const timestamp = now.toISOString();
    return [{ id, name: id, createdAt: timestamp, updatedAt: timestamp, metadata: {} }];
  }
}
