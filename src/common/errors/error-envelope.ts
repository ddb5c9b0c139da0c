import { HttpException, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { QueryFailedError } from 'typeorm';
import { JSON_CONTENT_TYPE } from '../json/json-content-type.js';
import { AppError, ErrorCode, STATUS_BY_CODE } from './app-error.js';

const logger = new Logger('Errors');

const CODE_BY_STATUS: Record<number, ErrorCode> = Object.fromEntries(
  Object.entries(STATUS_BY_CODE).map(([code, status]) => [status, code as ErrorCode]),
);

const DEFAULT_MESSAGES: Partial<Record<ErrorCode, string>> = {
  [ErrorCode.Unauthorized]: 'Unauthorized',
  [ErrorCode.NotFound]: 'Not Found',
  [ErrorCode.TooManyRequests]: 'Too Many Requests',
  [ErrorCode.Internal]: 'Internal Error',
  [ErrorCode.ServiceUnavailable]: 'Service Unavailable',
};

/** Fastify's own errors (body parsing, limits) mapped to the envelope. */
const FASTIFY_ERRORS: Record<string, { code: ErrorCode; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: ErrorCode.PayloadTooLarge, message: 'request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: ErrorCode.UnsupportedMediaType },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: ErrorCode.BadRequest },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: ErrorCode.BadRequest, message: 'invalid json: empty body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: ErrorCode.BadRequest },
};

export interface Envelope {
  status: number;
  body: Record<string, unknown>;
  retryAfterSeconds?: number;
}

/** Turns anything thrown while handling a request into the API.md error envelope. */
export function toEnvelope(error: unknown, requestId: string): Envelope {
  const { status, code, message, details, retryAfterSeconds, extra } = classify(error);
  const body: Record<string, unknown> = { message, code, ...extra };
  if (details !== undefined) body.details = details;
  body.requestId = requestId;
  if (status >= 500) logger.error({ msg: 'request failed', requestId, err: describe(error) });
  return { status, body, retryAfterSeconds };
}

interface Classified {
  status: number;
  code: ErrorCode;
  message: string;
  details?: unknown;
  retryAfterSeconds?: number;
  extra?: Record<string, unknown>;
}

function classify(error: unknown): Classified {
  if (error instanceof AppError) {
    return { status: error.status, code: error.code, message: error.message, ...error.options };
  }
  if (error instanceof ThrottlerException) {
    return { status: 429, code: ErrorCode.TooManyRequests, message: 'Too Many Requests' };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.BadRequest);
    const response = error.getResponse();
    const message =
      status >= 500
        ? DEFAULT_MESSAGES[ErrorCode.Internal]!
        : typeof response === 'object' && response && 'message' in response && typeof response.message === 'string'
          ? response.message
          : (DEFAULT_MESSAGES[code] ?? error.message);
    return { status, code, message };
  }
  const sqlState = dataExceptionState(error);
  if (sqlState) {
    return { status: 400, code: ErrorCode.BadRequest, message: `invalid value: the database rejected it (SQLSTATE ${sqlState})` };
  }
  const fastifyError = error as { code?: string; statusCode?: number; message?: string };
  const known = fastifyError.code ? FASTIFY_ERRORS[fastifyError.code] : undefined;
  if (known) {
    return {
      status: STATUS_BY_CODE[known.code],
      code: known.code,
      message: known.message ?? sanitize(fastifyError.message ?? known.code),
    };
  }
  if (fastifyError.code?.startsWith('FST_') && fastifyError.statusCode && fastifyError.statusCode < 500) {
    const code = CODE_BY_STATUS[fastifyError.statusCode] ?? ErrorCode.BadRequest;
    return { status: fastifyError.statusCode, code, message: sanitize(fastifyError.message ?? code) };
  }
  return { status: 500, code: ErrorCode.Internal, message: DEFAULT_MESSAGES[ErrorCode.Internal]! };
}

/**
 * A query that PostgreSQL refused because of a value the caller sent (SQLSTATE class 22, data
 * exception: a number out of range, a timestamp it cannot represent) is a 400, not a 500.
 */
function dataExceptionState(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  const state = (error.driverError as { code?: unknown } | undefined)?.code;
  return typeof state === 'string' && state.startsWith('22') ? state : undefined;
}

// Fastify messages are safe, but a JSON parse error quotes input; keep it short.
function sanitize(message: string): string {
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

export function sendEnvelope(reply: FastifyReply, request: FastifyRequest, error: unknown): FastifyReply {
  const envelope = toEnvelope(error, String(request.id));
  if (envelope.retryAfterSeconds !== undefined) {
    reply.header('Retry-After', String(Math.max(1, Math.floor(envelope.retryAfterSeconds))));
  }
  return reply.status(envelope.status).type(JSON_CONTENT_TYPE).send(envelope.body);
}
