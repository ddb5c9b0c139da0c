import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JSON_TEXT } from '../common/json/json-splice.js';
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
  @ApiOkResponse({ type: SessionDetailDto })
  @Header('Content-Type', JSON_TEXT)
  @Get(':sessionId')
  get(@Param('sessionId') sessionId: string): Promise<string> {
    return this.sessions.get(this.projects.current(), sessionId);
  }
}
