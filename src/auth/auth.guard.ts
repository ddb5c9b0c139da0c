import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppError, ErrorCode } from '../common/errors/app-error.js';
import { type Credential, credentialKey, parseAuthorization, secretEquals } from './credentials.js';
import { IS_PUBLIC, OPEN_COMPAT } from './public.decorator.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Rate-limit key of the authenticated caller: `bearer:<token>`, `basic:<publicKey>` or `anonymous`. */
    credentialKey?: string;
  }
}

/**
 * Every Authorization header the client sent. Node keeps only the first of repeated
 * Authorization headers in `headers`; the raw list shows them all, so two credentials
 * (which a proxy might read differently) are refused rather than resolved by order.
 */
function authorizationHeaders(request: FastifyRequest): string | string[] | undefined {
  const values: string[] = [];
  const raw = request.raw.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === 'authorization') values.push(raw[i + 1]);
  return values.length > 1 ? values : values[0];
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
    if (this.isValid(credential) || this.opensCompat(credential, targets)) {
      request.credentialKey = credentialKey(credential);
      return true;
    }
    throw new AppError(ErrorCode.Unauthorized, 'Unauthorized');
  }

  private isValid(credential: Credential): boolean {
    const { bearerToken, publicKey, secretKey } = this.config.auth;
    if (credential.kind === 'bearer') return !!bearerToken && secretEquals(credential.token, bearerToken);
    if (credential.kind === 'basic') {
      if (!publicKey || !secretKey) return false;
      // Evaluate both comparisons so timing does not reveal which half was wrong.
      const publicOk = secretEquals(credential.publicKey, publicKey);
      const secretOk = secretEquals(credential.secretKey, secretKey);
      return publicOk && secretOk;
    }
    return false;
  }

  private opensCompat(credential: Credential, targets: Function[]): boolean {
    const { allowUnauthenticatedCompat, publicKey, secretKey } = this.config.auth;
    if (!allowUnauthenticatedCompat || publicKey || secretKey) return false;
    if (!this.reflector.getAllAndOverride<boolean>(OPEN_COMPAT, targets)) return false;
    return credential.kind === 'none' || credential.kind === 'basic' || credential.kind === 'malformed-basic';
  }
}
