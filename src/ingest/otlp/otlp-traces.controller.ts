import { Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OpenCompat } from '../../auth/public.decorator.js';
import { mayHoldUnstorableStrings } from '../../common/body/storable-strings.js';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';
import { ProjectsService } from '../../projects/projects.service.js';
import { decodedBodyBytes } from '../gzip-body.js';
import { PROTOBUF_TYPES } from './otlp-body.js';
import { decodeExportRequest, encodeExportResponse } from './otlp-protobuf.js';
import { readExportMessage } from './otlp-protobuf-spans.js';
import { parseExportRequest } from './otlp-request.js';
import { OtlpTracesService } from './otlp-traces.service.js';

@ApiTags('ingest')
@Controller('api/public/otel/v1/traces')
export class OtlpTracesController {
  constructor(
    private readonly otlp: OtlpTracesService,
    private readonly projects: ProjectsService,
  ) {}

  /**
   * OTLP/HTTP trace export, protobuf or JSON, optionally gzip. Answers in the request's
   * encoding: an ExportTraceServiceResponse, with partialSuccess when spans were rejected.
   */
  @Post()
  @HttpCode(200)
  @OpenCompat()
  @RouteConfig({ acceptsGzip: true, acceptsProtobuf: true, checksStringsPerItem: true })
  @ApiOperation({ summary: 'OpenTelemetry OTLP/HTTP trace export' })
  @ApiConsumes('application/x-protobuf', 'application/json')
  @ApiProduces('application/x-protobuf', 'application/json')
  @ApiBody({ description: 'ExportTraceServiceRequest (OTLP protobuf or OTLP/JSON)' })
  async export(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<Buffer | Record<string, unknown>> {
    const mediaType = String(request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const protobuf = PROTOBUF_TYPES.includes(mediaType);
    if (!protobuf && mediaType !== 'application/json') {
      throw new AppError(ErrorCode.UnsupportedMediaType, `unsupported content-type: ${mediaType.slice(0, 100) || '(none)'}`);
    }
    // JSON text holds a string PostgreSQL refuses only through an escape, which the body parser looked for.
    const parsed = protobuf
      ? readExportMessage(decodeExportRequest(request.body as Buffer))
      : parseExportRequest(request.body, mayHoldUnstorableStrings(request.body));
    const outcome = await this.otlp.export(this.projects.current(), parsed, decodedBodyBytes(request));
    const partialSuccess = outcome.rejectedSpans > 0 ? outcome : undefined;
    if (protobuf) {
      reply.type('application/x-protobuf');
      return encodeExportResponse(partialSuccess);
    }
    return partialSuccess ? { partialSuccess } : {};
  }
}
