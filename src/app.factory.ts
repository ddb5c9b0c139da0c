import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type FastifyRequest, LogController } from 'fastify';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { createValidationPipe } from './common/validation/validation-pipe.js';
import { registerDashboard } from './dashboard/dashboard-static.js';
import { registerGzipBodies } from './ingest/gzip-body.js';
import { IngestWriter } from './ingest/ingest-writer.js';
import { registerProtobufBodies } from './ingest/otlp/otlp-body.js';
import type { AppConfig } from './config/app-config.js';
import { createNestLogger, fastifyLoggerOptions } from './logging.js';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;

/** Builds the whole application (not yet listening): used by main.ts and by the tests. */
export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.server.maxBodyBytes,
    logger: fastifyLoggerOptions(config.log.level),
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    },
    // Slow or idle clients must not hold the server (issue: isolation).
    requestTimeout: 30_000,
    connectionTimeout: 60_000,
    keepAliveTimeout: 5_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 2048, ignoreTrailingSlash: true },
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: createNestLogger(config.log.level),
    abortOnError: false,
  });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  registerRequestHooks(app);
  registerBodyDecoding(app, config.server.maxBodyBytes);
  setupSwagger(app);
  await registerDashboard(app.getHttpAdapter().getInstance());
  await app.init();
  return app;
}

function registerRequestHooks(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  // onClose runs after in-flight requests have been answered and before the DataSource closes.
  const writer = app.get(IngestWriter);
  fastify.addHook('onClose', async () => writer.drain());
  fastify.addHook('onResponse', async (request: FastifyRequest, reply) => {
    request.log.debug({ status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });
}

/** Ingest routes take gzip bodies (limit after inflating) and the OTLP route protobuf. */
function registerBodyDecoding(app: NestFastifyApplication, maxBodyBytes: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  registerGzipBodies(fastify, maxBodyBytes);
  registerProtobufBodies(fastify);
}

function setupSwagger(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('xtrace')
      .setDescription('Observability backend for LLM and agent applications: traces, observations, scores, metrics.')
      .setVersion(process.env.npm_package_version ?? '0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer' }, 'bearer')
      .addBasicAuth({ type: 'http', scheme: 'basic' }, 'basic')
      .addSecurityRequirements('bearer')
      .addSecurityRequirements('basic')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs/json', yamlDocumentUrl: 'docs/yaml' });
}
