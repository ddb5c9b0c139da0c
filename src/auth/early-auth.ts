import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, ErrorCode } from '../common/errors/app-error.js';
import { sendEnvelope } from '../common/errors/error-envelope.js';
import type { AppConfig } from '../config/app-config.js';
import { authenticates, authorizationHeaders, compatSwitchAccepts, parseAuthorization } from './credentials.js';

/**
 * Answers 401 to a request that carries a body but no valid credentials, before the body is
 * read. The guard (auth.guard.ts) stays the authority and would refuse the request too, but
 * only after up to MAX_BODY_BYTES had been received, inflated and parsed for nobody. Left to
 * the guard: requests without a body (every public route is a GET), unknown routes (their
 * 404), and credentials the open-compat switch may accept on a route it opens.
 */
export function registerEarlyAuth(fastify: FastifyInstance, auth: AppConfig['auth']): void {
  fastify.addHook('onRequest', async (request, reply) => {
    if (request.is404 || !carriesBody(request)) return;
    const credential = parseAuthorization(authorizationHeaders(request));
    if (authenticates(credential, auth) || compatSwitchAccepts(credential, auth)) return;
    return sendEnvelope(reply, request, new AppError(ErrorCode.Unauthorized, 'Unauthorized'));
  });
}

function carriesBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
