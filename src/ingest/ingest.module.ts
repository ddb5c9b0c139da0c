import { Inject, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { MetricPointsKind } from '../metrics/metric-points.kind.js';
import { MetricsModule } from '../metrics/metrics.module.js';
import { ModelsModule } from '../models/models.module.js';
import { ObservationCostsService } from '../models/observation-costs.service.js';
import { observationRowKind } from '../traces/observation-row-kind.js';
import { TRACE_ROW_KINDS } from '../traces/trace-row-kinds.js';
import { IngestWriter } from './ingest-writer.js';
import { LangfuseIngestionController } from './langfuse/langfuse-ingestion.controller.js';
import { LangfuseIngestionService } from './langfuse/langfuse-ingestion.service.js';
import { LangfuseScoresController } from './langfuse/langfuse-scores.controller.js';
import { MetricsBatchController } from './native/metrics-batch.controller.js';
import { NativeBatchController } from './native/native-batch.controller.js';
import { OtlpTracesController } from './otlp/otlp-traces.controller.js';
import { OtlpTracesService } from './otlp/otlp-traces.service.js';
import { withObservationCosts } from './priced-observations.js';

/**
 * The ingest doors and the one writer behind them. Row kinds come from the modules
 * that own the tables (traces, metrics); ingest writes only through them.
 */
@Module({
  imports: [ModelsModule, MetricsModule],
  controllers: [
    NativeBatchController,
    LangfuseIngestionController,
    LangfuseScoresController,
    OtlpTracesController,
    MetricsBatchController,
  ],
  providers: [
    LangfuseIngestionService,
    OtlpTracesService,
    {
      provide: IngestWriter,
      inject: [APP_CONFIG, getDataSourceToken(), ObservationCostsService, MetricPointsKind],
      useFactory: (config: AppConfig, dataSource: DataSource, costs: ObservationCostsService, metricPoints: MetricPointsKind) =>
        new IngestWriter<EntityManager>(
          [
            // Observations are priced as they are merged, in the same transaction.
            ...TRACE_ROW_KINDS.map((kind) => (kind === observationRowKind ? withObservationCosts(observationRowKind, costs) : kind)),
            metricPoints,
          ],
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
