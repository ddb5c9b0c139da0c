import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppError } from '../../common/errors/app-error.js';
import { RequireJson } from '../../common/validation/require-json.guard.js';
import { APP_CONFIG, type AppConfig } from '../../config/app-config.js';
import { METRIC_POINT_KIND } from '../../metrics/metric-point-row.js';
import { DAY_MS } from '../../metrics/metric-steps.js';
import { ProjectsService } from '../../projects/projects.service.js';
import { IngestWriter } from '../ingest-writer.js';
import { MetricsBatchDto } from './dto/metrics-batch.dto.js';
import { validateMetricsBatch } from './metric-points.validator.js';
import { IngestAcceptedDto } from './native-batch.dto.js';

/** `POST /v1/metrics/batch` (API.md §2.5): answers after COMMIT; a bad point fails the request; 415 unless JSON. */
@ApiTags('ingest')
@Controller('v1/metrics')
export class MetricsBatchController {
  constructor(
    private readonly writer: IngestWriter,
    private readonly projects: ProjectsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ApiOperation({ summary: 'Store metric points (at most 10,000 a request); 200 after they are committed' })
  @ApiBody({ type: MetricsBatchDto })
  @Post('batch')
  @HttpCode(200)
  @RequireJson()
  // `unknown`, not the DTO: the global ValidationPipe skips it; validateMetricsBatch checks it.
  async batch(@Body() body: unknown): Promise<IngestAcceptedDto> {
    const nowMs = Date.now();
    const { retentionDays } = this.config.metrics;
    const oldestMs = retentionDays === undefined ? 0 : nowMs - retentionDays * DAY_MS;
    const { points, errors } = validateMetricsBatch(body, nowMs, oldestMs);
    const bad = Object.keys(errors);
    if (bad.length > 0) {
      const summary = bad.slice(0, 5).map((path) => `${path}: ${errors[path][0]}`).join('; ');
      throw AppError.badRequest(`invalid request: ${bad.length} bad field(s): ${summary}`, errors);
    }
    await this.writer.submit({
      projectId: this.projects.current(),
      rows: { [METRIC_POINT_KIND]: points },
      bytes: points.length * 128,
    });
    return { message: 'Request Successful.' };
  }
}
