import { type CanActivate, type ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../errors/app-error.js';

/**
 * Rejects bodies that are not `application/json` with 415 before validation: Fastify
 * also parses `text/plain`, which would otherwise surface as a confusing 400.
 */
@Injectable()
export class JsonContentTypeGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const contentType = context.switchToHttp().getRequest<FastifyRequest>().headers['content-type'] ?? '';
    if (/^application\/json\s*(;|$)/i.test(contentType)) return true;
    throw new AppError(ErrorCode.UnsupportedMediaType, 'Content-Type must be application/json');
  }
}

/** The route takes JSON bodies only (415 otherwise). */
export const RequireJson = () => UseGuards(JsonContentTypeGuard);
