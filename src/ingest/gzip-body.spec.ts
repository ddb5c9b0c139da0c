import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { AppError, ErrorCode } from '../common/errors/app-error.js';
import { inflateWithLimit } from './gzip-body.js';

function read(stream: Readable): Promise<{ body?: Buffer; error?: unknown }> {
  return new Promise((done) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => done({ body: Buffer.concat(chunks) }));
    stream.on('error', (error) => done({ error }));
  });
}

describe('inflateWithLimit', () => {
  it('inflates a body and reports the encoded length Fastify checks against Content-Length', async () => {
    const encoded = gzipSync(Buffer.from('{"resourceSpans":[]}'));
    const stream = inflateWithLimit(Readable.from([encoded]), 1024);
    const { body } = await read(stream);
    expect(body?.toString()).toBe('{"resourceSpans":[]}');
    expect(stream.receivedEncodedLength).toBe(encoded.length);
  });

  it('stops a gzip bomb at the limit with a 413', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros, ~64 KiB on the wire
    expect(bomb.length).toBeLessThan(100 * 1024);
    let inflated = 0;
    const stream = inflateWithLimit(Readable.from([bomb]), 1024 * 1024);
    stream.on('data', (chunk: Buffer) => (inflated += chunk.length));
    const { error } = await read(stream);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(ErrorCode.PayloadTooLarge);
    expect(inflated).toBeLessThanOrEqual(1024 * 1024);
  });

  it('answers 400 for bytes that are not gzip', async () => {
    const { error } = await read(inflateWithLimit(Readable.from([Buffer.from('plain text, not gzip')]), 1024));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe(ErrorCode.BadRequest);
    expect((error as AppError).message).toMatch(/^gzip decode failed: /);
  });
});
