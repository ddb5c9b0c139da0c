import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { JsonTextResponse } from '../common/json/json-text-response.js';
import { ProjectsService } from '../projects/projects.service.js';
import { RateLimited } from '../ratelimit/rate-limited.decorator.js';
import { ListObservationsQueryDto } from './dto/list-observations-query.dto.js';
import { ListObservationsV2QueryDto } from './dto/list-observations-v2-query.dto.js';
import { ObservationListResponseDto, ObservationV2ListResponseDto } from './dto/observation-list.dto.js';
import { ObservationViewDto } from './dto/observation-view.dto.js';
import { ObservationsService } from './observations.service.js';

@ApiTags('observations')
@RateLimited()
@Controller('api/public')
export class ObservationsController {
  constructor(
    private readonly observations: ObservationsService,
    private readonly projects: ProjectsService,
  ) {}

  @ApiOperation({ summary: 'List observations across traces, newest first (Langfuse v1, paged)' })
  @JsonTextResponse(ObservationListResponseDto)
  @Get('observations')
  list(@Query() query: ListObservationsQueryDto): Promise<string> {
    return this.observations.list(this.projects.current(), query);
  }

  @ApiOperation({ summary: 'One observation' })
  @JsonTextResponse(ObservationViewDto)
  @Get('observations/:observationId')
  get(@Param('observationId') observationId: string): Promise<string> {
    return this.observations.get(this.projects.current(), observationId);
  }

  @ApiOperation({ summary: 'List observations with field groups and cursor paging (Langfuse v2)' })
  @JsonTextResponse(ObservationV2ListResponseDto)
  @Get('v2/observations')
  listV2(@Query() query: ListObservationsV2QueryDto): Promise<string> {
    return this.observations.listV2(this.projects.current(), query);
  }
}
