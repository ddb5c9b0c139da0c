import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { FastifyServerOptions } from 'fastify';

const NEST_LEVELS: Record<string, LogLevel[]> = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

/** Nest's own log lines, as JSON, at LOG_LEVEL. */
export function createNestLogger(level: string): ConsoleLogger {
  return new ConsoleLogger({ json: true, logLevels: NEST_LEVELS[level] ?? NEST_LEVELS.info, colors: false });
}

/**
 * Fastify's pino logger: JSON lines with the request id. Headers are never logged
 * (they carry credentials) and neither are bodies (they carry prompts).
 */
export function fastifyLoggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    serializers: {
      req: (request) => ({ method: request.method, url: request.url.split('?')[0], requestId: request.id }),
      res: (reply) => ({ statusCode: reply.statusCode }),
    },
  };
}
