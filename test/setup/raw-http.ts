import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface RawRequest {
  method: string;
  /** Path and query exactly as sent (already percent-encoded as the case intends). */
  path: string;
  /** An array value sends the header once per element (two Authorization headers). */
  headers?: Record<string, string | string[]>;
  body?: string | Buffer | Uint8Array;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 16 });

/**
 * One request through node:http rather than fetch: fetch refuses what hostile clients send
 * (repeated Authorization headers, odd header values, raw paths).
 */
export function rawRequest(baseUrl: string, init: RawRequest, timeoutMs = 10_000): Promise<RawResponse> {
  const url = new URL(baseUrl);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: init.method,
        path: init.path,
        headers: init.headers,
        timeout: timeoutMs,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks), ms: Date.now() - started }),
        );
        response.on('error', reject);
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', reject);
    outgoing.end(init.body === undefined ? undefined : Buffer.from(init.body));
  });
}

/** Opens a TCP connection to the server and resolves once connected. */
export function openSocket(baseUrl: string): Promise<Socket> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}
