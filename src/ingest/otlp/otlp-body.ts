import type { FastifyInstance } from 'fastify';
import { AppError, ErrorCode } from '../../common/errors/app-error.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set with `@RouteConfig({ acceptsProtobuf: true })`: the route takes protobuf bodies as a Buffer. */
    acceptsProtobuf?: boolean;
  }
}

export const PROTOBUF_TYPES = ['application/x-protobuf', 'application/protobuf'];

/** Protobuf bodies reach flagged routes as a Buffer; every other route answers 415 for them. */
export function registerProtobufBodies(fastify: FastifyInstance): void {
  fastify.addContentTypeParser(PROTOBUF_TYPES, { parseAs: 'buffer' }, (request, body, done) => {
    if (request.routeOptions.config?.acceptsProtobuf) {
      done(null, body);
    } else {
      done(new AppError(ErrorCode.UnsupportedMediaType, 'this route does not take protobuf bodies'), undefined);
    }
  });
}
