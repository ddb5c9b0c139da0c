import { pipeline, type Readable, Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { AppError, ErrorCode } from '../common/errors/app-error.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set with `@RouteConfig({ acceptsGzip: true })`: the body may be `Content-Encoding: gzip`. */
    acceptsGzip?: boolean;
  }
}

/** A decoded body stream as Fastify's body reader expects it after a preParsing hook. */
type DecodedStream = Transform & { receivedEncodedLength: number };

/**
 * Inflates gzip request bodies of flagged routes before the content-type parser runs.
 * The body limit applies to the inflated bytes: the inflater is destroyed as soon as the
 * output passes `limit`, so a gzip bomb costs at most `limit` bytes of memory and stops
 * using CPU at once (→ 413).
 */
export function registerGzipBodies(fastify: FastifyInstance, limit: number): void {
  fastify.addHook('preParsing', async (request, _reply, payload) => {
    if (!request.routeOptions.config?.acceptsGzip) return payload;
    const encoding = String(request.headers['content-encoding'] ?? '').trim().toLowerCase();
    if (encoding === '' || encoding === 'identity') return payload;
    if (encoding !== 'gzip' && encoding !== 'x-gzip') {
      throw new AppError(ErrorCode.UnsupportedMediaType, `unsupported content-encoding: ${encoding.slice(0, 50)}`);
    }
    return inflateWithLimit(payload, limit);
  });
}

export function inflateWithLimit(payload: Readable, limit: number): DecodedStream {
  let encoded = 0;
  let decoded = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      encoded += chunk.length;
      done(null, chunk);
    },
  });
  const gunzip = createGunzip();
  const limiter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      decoded += chunk.length;
      if (decoded > limit) {
        done(new AppError(ErrorCode.PayloadTooLarge, `request body is larger than ${limit} bytes after gzip decoding`));
      } else {
        done(null, chunk);
      }
    },
  }) as DecodedStream;
  // Fastify compares Content-Length with the encoded size, not the inflated one.
  Object.defineProperty(limiter, 'receivedEncodedLength', { get: () => encoded });
  // Registered before pipeline() so the body reader sees a 400, not a raw zlib error.
  const fail = (error: Error) =>
    limiter.destroy(error instanceof AppError ? error : AppError.badRequest(`gzip decode failed: ${error.message}`));
  counter.once('error', fail);
  gunzip.once('error', fail);
  // The request stream itself is piped, not put in the pipeline: a pipeline would destroy
  // it (and the socket) on a 413, and the client would never read the answer.
  payload.once('error', (error) => counter.destroy(error));
  payload.pipe(counter);
  pipeline(counter, gunzip, limiter, (error) => {
    if (error) payload.unpipe(counter);
  });
  return limiter;
}
