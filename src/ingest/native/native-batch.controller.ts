import { Body, Controller, Headers, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { EntityManager } from 'typeorm';
import { RequireJson } from '../../common/validation/require-json.guard.js';
import { ProjectsService } from '../../projects/projects.service.js';
import { IngestWriter } from '../ingest-writer.js';
import { IngestAcceptedDto, NativeBatchDto } from './native-batch.dto.js';
import { nativeBatchRows } from './native-batch.mapper.js';

@ApiTags('ingest')
@Controller('v1/l/batch')
export class NativeBatchController {
  constructor(
    @Inject(IngestWriter) private readonly writer: IngestWriter<EntityManager>,
    private readonly projects: ProjectsService,
  ) {}

  /**
   * Answers 200 only once every row is committed, so a read right after sees it.
   * 400 on invalid input (nothing written), 415 unless JSON, 503 with Retry-After when the
   * ingest queue is full.
   */
  @ApiOperation({ summary: 'Native batch ingest: one trace and its observations' })
  @Post()
  @HttpCode(200)
  @RequireJson()
  async ingest(
    @Body() batch: NativeBatchDto,
    @Headers('content-length') contentLength: string | undefined,
  ): Promise<IngestAcceptedDto> {
    await this.writer.submit({
      projectId: this.projects.current(),
      rows: nativeBatchRows(batch),
      bytes: requestBytes(contentLength, batch),
    });
    return { message: 'Request Successful.' };
  }
}

/** The body size for the queue's byte bound: Content-Length, or the JSON size of a chunked body. */
function requestBytes(contentLength: string | undefined, batch: NativeBatchDto): number {
  const declared = Number(contentLength);
  return Number.isSafeInteger(declared) && declared > 0 ? declared : Buffer.byteLength(JSON.stringify(batch));
}
