import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppError, ErrorCode } from '../common/errors/app-error.js';
import { authenticates, authorizationHeaders, compatSwitchAccepts, type Credential, credentialKey, parseAuthorization } from './credentials.js';
import { IS_PUBLIC, OPEN_COMPAT } from './public.decorator.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Rate-limit key of the authenticated caller: `bearer:<token>`, `basic:<publicKey>` or `anonymous`. */
    credentialKey?: string;
  }
}

/** The global guard: Bearer token, Basic public/secret key, or the open-compat switch. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const credential = parseAuthorization(authorizationHeaders(request));
    if (authenticates(credential, this.config.auth) || this.opensCompat(credential, targets)) {
      request.credentialKey = credentialKey(credential);
      return true;
    }
    throw new AppError(ErrorCode.Unauthorized, 'Unauthorized');
  }

  private opensCompat(credential: Credential, targets: Function[]): boolean {
    return compatSwitchAccepts(credential, this.config.auth) && !!this.reflector.getAllAndOverride<boolean>(OPEN_COMPAT, targets);
  }
}
