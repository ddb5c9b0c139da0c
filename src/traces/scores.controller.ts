import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ProjectsService } from '../projects/projects.service.js';
import { RateLimited } from '../ratelimit/rate-limited.decorator.js';
import { ListScoresQueryDto, ScoreDto, ScoreListResponseDto } from './dto/score.dto.js';
import { ScoresService } from './scores.service.js';

@ApiTags('scores')
@Controller('api/public')
export class ScoresController {
  constructor(
    private readonly scores: ScoresService,
    private readonly projects: ProjectsService,
  ) {}

  @ApiOperation({ summary: 'List scores, newest first (Langfuse v2)' })
  @RateLimited()
  @Get('v2/scores')
  list(@Query() query: ListScoresQueryDto): Promise<ScoreListResponseDto> {
    return this.scores.list(this.projects.current(), query);
  }

  @ApiOperation({ summary: 'One score' })
  @RateLimited()
  @Get('v2/scores/:scoreId')
  get(@Param('scoreId') scoreId: string): Promise<ScoreDto> {
    return this.scores.get(this.projects.current(), scoreId);
  }

  @ApiOperation({ summary: 'Delete a score' })
  @ApiNoContentResponse()
  @Delete('scores/:scoreId')
  @HttpCode(204)
  delete(@Param('scoreId') scoreId: string): Promise<void> {
    return this.scores.delete(this.projects.current(), scoreId);
  }
}
