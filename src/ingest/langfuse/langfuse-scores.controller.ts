import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { AppError } from '../../common/errors/app-error.js';
import { RequireJson } from '../../common/validation/require-json.guard.js';
import { ProjectsService } from '../../projects/projects.service.js';
import { IngestWriter } from '../ingest-writer.js';
import { CreateScoreDto, CreateScoreResponseDto } from './dto/create-score.dto.js';
import { mapScoreBody } from './ingestion-event.mapper.js';

@ApiTags('scores')
@Controller('api/public/scores')
export class LangfuseScoresController {
  constructor(
    private readonly writer: IngestWriter,
    private readonly projects: ProjectsService,
  ) {}

  /** Creates (or, with a known id, updates) a score; answered after COMMIT. */
  @ApiOperation({ summary: 'Create a score' })
  @Post()
  @HttpCode(200)
  @RequireJson()
  async create(@Body() body: CreateScoreDto): Promise<CreateScoreResponseDto> {
    const mapped = mapScoreBody({ ...body }, new Date());
    if ('problems' in mapped) throw AppError.badRequest(`invalid score: ${mapped.problems.join('; ')}`, mapped.problems);
    await this.writer.submit({ projectId: this.projects.current(), rows: { scores: [mapped.score] }, bytes: 1024 });
    return { id: mapped.score.id };
  }
}
