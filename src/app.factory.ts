import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { AppModule } from './app.module.js';
import { registerEarlyAuth } from './auth/early-auth.js';
import { parseJsonBody } from './common/body/json-body-parser.js';
import { AllExceptionsFilter } from './common/errors/all-exceptions.filter.js';
import { AppError, ErrorCode } from './common/errors/app-error.js';
import { answerClientError } from './common/errors/client-error.js';
import { sendEnvelope } from './common/errors/error-envelope.js';
import { createValidationPipe } from './common/validation/validation-pipe.js';
import { registerDashboard } from './dashboard/dashboard-static.js';
import { registerGzipBodies } from './ingest/gzip-body.js';
import { IngestWriter } from './ingest/ingest-writer.js';
import { registerProtobufBodies } from './ingest/otlp/otlp-body.js';
import type { AppConfig } from './config/app-config.js';
import { createNestLogger, fastifyLoggerOptions } from './logging.js';

const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
/** Oversized bodies up to this multiple of the limit are read to the end rather than cut off. */
const LINGER_FACTOR = 8;
/** A percent-encoded NUL in a path or query value: PostgreSQL text cannot hold it. */
const NUL_IN_URL = /%00/;
/** How long a closing server keeps answering 503 on open keep-alive connections before closing them. */
const SHUTDOWN_GRACE_MS = 500;
const SHUTTING_DOWN = new AppError(ErrorCode.ServiceUnavailable, 'Service Unavailable: the server is shutting down, retry later', {
  retryAfterSeconds: 1,
});

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
    // Slow or idle clients must not hold the server: a request (headers and body) must arrive
    // within the timeout or it gets a 408 and its connection closes. Node checks every second.
    requestTimeout: config.server.requestTimeoutMs,
    http: {
      headersTimeout: config.server.requestTimeoutMs,
      connectionsCheckingInterval: 1_000,
    },
    connectionTimeout: 60_000,
    keepAliveTimeout: 5_000,
    // Requests arriving while the server closes get the JSON 503 with Retry-After (below).
    return503OnClosing: false,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 2048, ignoreTrailingSlash: true },
    clientErrorHandler: answerClientError,
    // Errors Fastify raises while routing (a path that is not valid percent-encoding, a
    // parameter over maxParamLength) get the envelope too.
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => void sendEnvelope(reply, request, error),
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: createNestLogger(config.log.level),
    abortOnError: false,
  });
  // Every JSON body, on every route, passes the depth and storable-string guards (routes that
  // refuse unstorable strings item by item, the Langfuse and OTLP doors, check those themselves).
  app.useBodyParser('application/json', { bodyLimit: config.server.maxBodyBytes }, async (request: FastifyRequest, body: Buffer) =>
    parseJsonBody(body, {
      allowUnstorableStrings: request.routeOptions.config?.checksStringsPerItem,
      bodyRequired: BODY_METHODS.has(request.method),
    }),
  );
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  registerRequestHooks(app, config.server.maxBodyBytes);
  registerEarlyAuth(app.getHttpAdapter().getInstance(), config.auth);
  registerBodyDecoding(app, config.server.maxBodyBytes);
  setupSwagger(app);
  await registerDashboard(app.getHttpAdapter().getInstance());
  await app.init();
  return app;
}

function registerRequestHooks(app: NestFastifyApplication, maxBodyBytes: number): void {
  const fastify = app.getHttpAdapter().getInstance();
  let closing = false;
  fastify.addHook('preClose', async () => {
    closing = true;
    // Closing idle keep-alive connections races a client that is sending its next request on
    // one (ECONNRESET: it cannot tell whether the request arrived). For a short grace, such
    // requests get the 503 with `Connection: close` instead, so active clients leave cleanly.
    if (await hasOpenConnections(fastify.server)) await sleep(SHUTDOWN_GRACE_MS);
  });
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    if (closing) {
      reply.header('connection', 'close');
      return sendEnvelope(reply, request, SHUTTING_DOWN);
    }
    if (NUL_IN_URL.test(request.url)) {
      return sendEnvelope(reply, request, AppError.badRequest('invalid url: NUL characters cannot be stored or matched'));
    }
  });
  // onClose runs after in-flight requests have been answered and before the DataSource closes.
  const writer = app.get(IngestWriter);
  fastify.addHook('onClose', async () => writer.drain());
  fastify.addHook('onSend', async (request, reply, payload) => {
    // Answers sent while shutting down end their connection, so no request follows on it.
    if (closing) reply.header('connection', 'close');
    if (reply.statusCode === 413) keepReadingOversizedBody(request, reply, maxBodyBytes);
    return payload;
  });
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

/**
 * A body over the limit is answered 413 while the client is still sending it. Fastify then
 * closes the connection, and a client still writing gets EPIPE instead of the 413: OTLP
 * exporters and SDKs take that for a network error and send the same batch again, forever.
 * When the rest of the body is of a bounded, declared size, read and discard it instead, so
 * the client sees the 413 and the connection stays usable; anything else is still cut off.
 */
function keepReadingOversizedBody(request: FastifyRequest, reply: FastifyReply, maxBodyBytes: number): void {
  const declared = Number(request.headers['content-length']);
  if (request.raw.complete || !Number.isFinite(declared) || declared > maxBodyBytes * LINGER_FACTOR) return;
  reply.removeHeader('connection');
  request.raw.resume();
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

function hasOpenConnections(server: Server): Promise<boolean> {
  return new Promise((resolve) => server.getConnections((error, count) => resolve(!error && count > 0)));
}
