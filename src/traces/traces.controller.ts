import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { JsonTextResponse } from '../common/json/json-text-response.js';
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
  @JsonTextResponse(TraceListResponseDto)
  @Get()
  list(@Query() query: ListTracesQueryDto): Promise<string> {
    return this.traces.list(this.projects.current(), query);
  }

  @ApiOperation({ summary: 'A trace with its observations and scores' })
  @JsonTextResponse(TraceDetailDto)
  @Get(':traceId')
  get(@Param('traceId') traceId: string, @Query() _query: GetTraceQueryDto): Promise<string> {
    return this.traces.get(this.projects.current(), traceId);
  }
}
