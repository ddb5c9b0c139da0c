import { ClientErrorCode, XtraceError } from './errors.js';
import { toQueryString } from './query-string.js';
import { DEFAULT_RETRY_OPTIONS, RETRYABLE_STATUSES, type RetryOptions, parseRetryAfterMs, retryDelayMs } from './retry.js';

/** A bearer token, or the Langfuse-style key pair sent as HTTP Basic. */
export type Credentials = string | { publicKey: string; secretKey: string };

export interface ClientOptions {
  /** Per-attempt timeout in ms (connect, answer and body). Default 10000. */
  timeoutMs?: number;
  /** Retry policy; `{ maxRetries: 0 }` turns retries off. */
  retry?: Partial<RetryOptions>;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** A `fetch` implementation; the platform's by default. */
  fetch?: typeof fetch;
}

/** Per-call overrides. */
export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  headers?: Record<string, string>;
}

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  path: string;
  query?: object;
  body?: unknown;
  /**
   * Whether sending the request twice has the effect of sending it once. Non-idempotent
   * requests are retried only on answers that prove nothing was done (429, 503), never after
   * a timeout or a dropped connection, where the first attempt may have been applied.
   */
  idempotent: boolean;
  /** Non-2xx statuses that are answers rather than errors (e.g. 503 from `/readyz`). */
  acceptStatuses?: readonly number[];
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** Statuses at which the server guarantees it did not act on the request. */
const REJECTED_UNPROCESSED: ReadonlySet<number> = new Set([429, 503]);

/** Sends requests to one xtrace server: auth, timeouts, retries and the error envelope. */
export class HttpTransport {
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly timeoutMs: number;
  private readonly retry: RetryOptions;
  private readonly headers: Record<string, string>;
  private readonly fetchImpl: typeof fetch;

  constructor(baseUrl: string, credentials: Credentials, options: ClientOptions = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.authorization = authorizationHeader(credentials);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
    this.headers = { ...options.headers };
    // Bound, so a plain `fetch` keeps working when called as a method of this object.
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  async send<T>(request: HttpRequest, options: RequestOptions = {}): Promise<T> {
    const retry = { ...this.retry, ...options.retry };
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt<T>(request, options, attempt);
      if (outcome.ok) return outcome.value;
      const { error } = outcome;
      if (!this.isRetryable(request, error)) throw error;
      const delay = retryDelayMs(attempt, error.retryAfterMs, retry);
      if (delay === undefined) throw error;
      await sleep(delay, options.signal, attempt);
    }
  }

  private isRetryable(request: HttpRequest, error: XtraceError): boolean {
    if (error.status === 0) {
      return request.idempotent && (error.code === ClientErrorCode.Network || error.code === ClientErrorCode.Timeout);
    }
    if (!RETRYABLE_STATUSES.has(error.status)) return false;
    return request.idempotent || REJECTED_UNPROCESSED.has(error.status);
  }

  private async attempt<T>(
    request: HttpRequest,
    options: RequestOptions,
    attempt: number,
  ): Promise<{ ok: true; value: T } | { ok: false; error: XtraceError }> {
    const callerSignal = options.signal;
    if (callerSignal?.aborted) throw abortedError(callerSignal, attempt);
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = () => controller.abort(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    try {
      const response = await this.fetchImpl(this.url(request), {
        method: request.method,
        headers: this.requestHeaders(request, options),
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: controller.signal,
      });
      // The body is read under the same timeout: a server can stall mid-answer.
      const text = await response.text();
      if (response.ok || request.acceptStatuses?.includes(response.status)) {
        return { ok: true, value: parseSuccess<T>(response, text, attempt) };
      }
      return { ok: false, error: errorFromResponse(response, text, attempt) };
    } catch (cause) {
      if (callerSignal?.aborted) throw abortedError(callerSignal, attempt);
      if (cause instanceof XtraceError) throw cause;
      const error = timedOut
        ? new XtraceError({ status: 0, code: ClientErrorCode.Timeout, message: `no answer within ${timeoutMs} ms`, attempts: attempt, cause })
        : new XtraceError({ status: 0, code: ClientErrorCode.Network, message: networkMessage(cause), attempts: attempt, cause });
      return { ok: false, error };
    } finally {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    }
  }

  private url(request: HttpRequest): string {
    return `${this.baseUrl}${request.path}${toQueryString(request.query)}`;
  }

  private requestHeaders(request: HttpRequest, options: RequestOptions): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json', ...this.headers, ...options.headers };
    headers.authorization = this.authorization;
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    return headers;
  }
}

function authorizationHeader(credentials: Credentials): string {
  if (typeof credentials === 'string') return `Bearer ${credentials}`;
  return `Basic ${base64Utf8(`${credentials.publicKey}:${credentials.secretKey}`)}`;
}

// btoa takes Latin-1 only; keys may not be.
function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function parseSuccess<T>(response: Response, text: string, attempt: number): T {
  if (text === '') return undefined as T;
  try {
    return JSON.parse(text) as T;
  } catch (cause) {
    throw new XtraceError({
      status: response.status,
      code: ClientErrorCode.InvalidResponse,
      message: `expected a JSON answer, got ${JSON.stringify(text.slice(0, 100))}`,
      requestId: response.headers.get('x-request-id') ?? undefined,
      body: text,
      attempts: attempt,
      cause,
    });
  }
}

function errorFromResponse(response: Response, text: string, attempt: number): XtraceError {
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a proxy's HTML page, an empty body): keep the text
  }
  const envelope = isEnvelope(body) ? body : undefined;
  return new XtraceError({
    status: response.status,
    code: envelope?.code ?? ClientErrorCode.HttpError,
    message: envelope?.message ?? `HTTP ${response.status} ${response.statusText}`.trim(),
    requestId: envelope?.requestId ?? response.headers.get('x-request-id') ?? undefined,
    body,
    retryAfterMs: parseRetryAfterMs(response.headers.get('retry-after')),
    attempts: attempt,
  });
}

function isEnvelope(body: unknown): body is { code: string; message: string; requestId?: string } {
  if (typeof body !== 'object' || body === null) return false;
  const { code, message } = body as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}

// Duck-typed: errors may come from another realm (a worker, a test sandbox) and fail instanceof.
function networkMessage(cause: unknown): string {
  const message = messageOf(cause);
  if (message === undefined) return 'network error';
  // undici hides the reason (ECONNREFUSED, ...) in `cause`.
  const inner = messageOf((cause as { cause?: unknown }).cause);
  return inner === undefined ? message : `${message}: ${inner}`;
}

function messageOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { message } = value as { message?: unknown };
  return typeof message === 'string' ? message : undefined;
}

function abortedError(signal: AbortSignal, attempt: number): XtraceError {
  return new XtraceError({ status: 0, code: ClientErrorCode.Aborted, message: 'the request was aborted', attempts: attempt, cause: signal.reason });
}

function sleep(ms: number, signal: AbortSignal | undefined, attempt: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal, attempt));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortedError(signal!, attempt));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
