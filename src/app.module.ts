import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { IngestModule } from './ingest/ingest.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ModelsModule } from './models/models.module.js';
import { ProjectsModule } from './projects/projects.module.js';
import { RateLimitModule } from './ratelimit/ratelimit.module.js';
import { TracesModule } from './traces/traces.module.js';

/** Composes the feature modules; holds no providers of its own. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        AuthModule,
        RateLimitModule,
        HealthModule,
        ProjectsModule,
        TracesModule,
        ModelsModule,
        IngestModule,
        MetricsModule,
      ],
    };
  }
}
