import { Controller, Get, Header, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JSON_TEXT } from '../common/json/json-splice.js';
import { ProjectsService } from '../projects/projects.service.js';
import { RateLimited } from '../ratelimit/rate-limited.decorator.js';
import { GetTraceQueryDto } from './dto/get-trace-query.dto.js';
import { ListTracesQueryDto } from './dto/list-traces-query.dto.js';
import { TraceDetailDto, TraceListResponseDto } from './dto/trace-view.dto.js';
import { TracesService } from './traces.service.js';

@ApiTags('traces')
@RateLimited()
@Controller('api/public/traces')
export class TracesController {
  constructor(
    private readonly traces: TracesService,
    private readonly projects: ProjectsService,
  ) {}

  @ApiOperation({ summary: 'List traces: filters, sorting, field groups, exact paging' })
  @ApiOkResponse({ type: TraceListResponseDto })
  @Header('Content-Type', JSON_TEXT)
  @Get()
  list(@Query() query: ListTracesQueryDto): Promise<string> {
    return this.traces.list(this.projects.current(), query);
  }

  @ApiOperation({ summary: 'A trace with its observations and scores' })
  @ApiOkResponse({ type: TraceDetailDto })
  @Header('Content-Type', JSON_TEXT)
  @Get(':traceId')
  get(@Param('traceId') traceId: string, @Query() _query: GetTraceQueryDto): Promise<string> {
    return this.traces.get(this.projects.current(), traceId);
  }
}
