import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { JsonTextResponse } from '../common/json/json-text-response.js';
import { ProjectsService } from '../projects/projects.service.js';
import { RateLimited } from '../ratelimit/rate-limited.decorator.js';
import { ListSessionsQueryDto, SessionDetailDto, SessionListResponseDto } from './dto/session.dto.js';
import { SessionsService } from './sessions.service.js';

@ApiTags('sessions')
@RateLimited()
@Controller('api/public/sessions')
export class SessionsController {
  constructor(
    private readonly sessions: SessionsService,
    private readonly projects: ProjectsService,
  ) {}

  @ApiOperation({ summary: 'List sessions, newest first' })
  @Get()
  list(@Query() query: ListSessionsQueryDto): Promise<SessionListResponseDto> {
    return this.sessions.list(this.projects.current(), query);
  }

  @ApiOperation({ summary: 'A session with its traces' })
  @JsonTextResponse(SessionDetailDto)
  @Get(':sessionId')
  get(@Param('sessionId') sessionId: string): Promise<string> {
    return this.sessions.get(this.projects.current(), sessionId);
  }
}
