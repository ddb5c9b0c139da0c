import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator.js';
import { HealthStatusDto, LangfuseHealthDto } from './dto/health-status.dto.js';

const SERVER_VERSION = process.env.npm_package_version ?? '0.1.0';

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @ApiOperation({ summary: 'The process is up' })
  @Get('healthz')
  healthz(): HealthStatusDto {
    return { status: 'ok' };
  }

  @ApiOperation({ summary: 'The database answers: 200 ready, 503 not_ready' })
  @ApiResponse({ status: 503, description: 'The database does not answer', type: HealthStatusDto })
  @Get('readyz')
  async readyz(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthStatusDto> {
    try {
      await withTimeout(this.dataSource.query('SELECT 1'), 2000);
      return { status: 'ready' };
    } catch {
      reply.status(503);
      return { status: 'not_ready' };
    }
  }

  @ApiOperation({ summary: 'Langfuse-compatible health check' })
  @Get('api/public/health')
  @HttpCode(200)
  langfuseHealth(): LangfuseHealthDto {
    return { status: 'OK', version: SERVER_VERSION };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms).unref()),
  ]);
}
