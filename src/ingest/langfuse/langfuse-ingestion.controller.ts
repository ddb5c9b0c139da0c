import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { mayHoldUnstorableStrings } from '../../common/body/storable-strings.js';
import { RequireJson } from '../../common/validation/require-json.guard.js';
import { ProjectsService } from '../../projects/projects.service.js';
import { decodedBodyBytes } from '../gzip-body.js';
import { IngestionRequestDto, IngestionResponseDto } from './dto/ingestion-request.dto.js';
import { LangfuseIngestionService } from './langfuse-ingestion.service.js';

@ApiTags('ingest')
@Controller('api/public/ingestion')
export class LangfuseIngestionController {
  constructor(
    private readonly ingestion: LangfuseIngestionService,
    private readonly projects: ProjectsService,
  ) {}

  /** The Langfuse batch ingestion API: answered with 207 after the valid events are committed. */
  @Post()
  @HttpCode(207)
  @RouteConfig({ acceptsGzip: true, checksStringsPerItem: true })
  @RequireJson()
  @ApiOperation({ summary: 'Langfuse batch ingestion (traces, observations, scores)' })
  @ApiResponse({ status: 207, type: IngestionResponseDto })
  ingest(@Body() request: IngestionRequestDto, @Req() raw: FastifyRequest): Promise<IngestionResponseDto> {
    return this.ingestion.ingest(this.projects.current(), request.batch, decodedBodyBytes(raw), mayHoldUnstorableStrings(request));
  }
}
