import { Inject, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MetricPointsKind } from '../metrics/metric-points.kind.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { TRACE_ROW_KINDS } from '../traces/trace-row-kinds.js';
import { IngestWriter } from './ingest-writer.js';
import { LangfuseIngestionController } from './langfuse/langfuse-ingestion.controller.js';
import { LangfuseIngestionService } from './langfuse/langfuse-ingestion.service.js';
import { LangfuseScoresController } from './langfuse/langfuse-scores.controller.js';
import { MetricsBatchController } from './native/metrics-batch.controller.js';
import { NativeBatchController } from './native/native-batch.controller.js';
import { OtlpTracesController } from './otlp/otlp-traces.controller.js';
import { OtlpTracesService } from './otlp/otlp-traces.service.js';

/**
 * The ingest doors and the one writer behind them. Row kinds come from the modules
 * that own the tables (traces, metrics); ingest writes only through them.
 */
@Module({
  imports: [MetricsModule],
  controllers: [
    NativeBatchController,
    MetricsBatchController,
    LangfuseIngestionController,
    LangfuseScoresController,
    OtlpTracesController,
  ],
  providers: [
    LangfuseIngestionService,
    OtlpTracesService,
    {
      provide: IngestWriter,
      inject: [APP_CONFIG, getDataSourceToken(), MetricPointsKind],
      useFactory: (config: AppConfig, dataSource: DataSource, metricPoints: MetricPointsKind) =>
        new IngestWriter<EntityManager>(
          [...TRACE_ROW_KINDS, metricPoints],
          (work) => dataSource.transaction((manager) => work(manager)),
          config.ingest,
        ),
    },
  ],
  exports: [IngestWriter],
})
export class IngestModule {
  constructor(@Inject(IngestWriter) readonly writer: IngestWriter<EntityManager>) {}
}
