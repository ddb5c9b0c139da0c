import { type ArgumentsHost, Catch, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendEnvelope } from './error-envelope.js';

/** The one exception filter: every error leaves as the JSON envelope. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    sendEnvelope(http.getResponse<FastifyReply>(), http.getRequest<FastifyRequest>(), error);
  }
}
