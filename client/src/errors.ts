/**
 * Codes the client itself produces when no server answer explains the failure. Server
 * errors carry the server's own code (`BAD_REQUEST`, `NOT_FOUND`, `TOO_MANY_REQUESTS`, ...).
 */
export const ClientErrorCode = {
  /** The request could not be sent or the connection broke (DNS, refused, reset). */
  Network: 'NETWORK_ERROR',
  /** No answer within the per-request timeout. */
  Timeout: 'TIMEOUT',
  /** The caller's AbortSignal fired. */
  Aborted: 'ABORTED',
  /** A non-2xx answer without the JSON error envelope (e.g. from a proxy). */
  HttpError: 'HTTP_ERROR',
  /** A 2xx answer whose body is not the JSON the endpoint promises. */
  InvalidResponse: 'INVALID_RESPONSE',
} as const;

export interface XtraceErrorInit {
  status: number;
  code: string;
  message: string;
  requestId?: string;
  body?: unknown;
  /** Seconds-to-wait the server asked for (`Retry-After`), in milliseconds. */
  retryAfterMs?: number;
  /** How many HTTP attempts were made before giving up. */
  attempts?: number;
  cause?: unknown;
}

/**
 * Every failure of a `Client` call. `status` is the HTTP status, or 0 when no answer came
 * (network error, timeout, abort); `code` is the server's envelope code or a `ClientErrorCode`.
 */
export class XtraceError extends Error {
  override readonly name = 'XtraceError';
  readonly status: number;
  readonly code: string;
  /** The server's request id (envelope `requestId` or the `x-request-id` header), for its logs. */
  readonly requestId: string | undefined;
  /** The parsed JSON body (or the raw text) of the error answer. */
  readonly body: unknown;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number;

  constructor(init: XtraceErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.body = init.body;
    this.retryAfterMs = init.retryAfterMs;
    this.attempts = init.attempts ?? 1;
  }
}
