import secureJson from 'secure-json-parse';
import { AppError } from '../errors/app-error.js';
import { findUnstorableString, markEscapeFree, unstorableMessage } from './storable-strings.js';

/**
 * Deepest nesting a JSON request body may have. Real payloads (chat messages, tool schemas)
 * stay far below it; much deeper values overflow the stack of the validators
 * (class-transformer recurses), of `JSON.stringify` when the row is written, and of
 * PostgreSQL's jsonb parser, which would turn one hostile request into a 500.
 */
export const MAX_JSON_DEPTH = 128;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b; // [
const OPEN_BRACE = 0x7b; // {
const CLOSE_BRACKET = 0x5d; // ]
const CLOSE_BRACE = 0x7d; // }

/** An escaped NUL, or an escaped surrogate that may be unpaired: worth a closer look. */
const SUSPICIOUS_ESCAPE = /\\u0000|\\u[dD][89a-fA-F]/;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Set with `@RouteConfig({ checksStringsPerItem: true })` by routes that refuse strings
     * PostgreSQL cannot store item by item (a Langfuse event, an OTLP span) instead of the
     * whole request.
     */
    checksStringsPerItem?: boolean;
  }
}

export interface JsonBodyOptions {
  /** Leave strings PostgreSQL cannot store to the route (see `checksStringsPerItem`). */
  allowUnstorableStrings?: boolean;
  /** An empty body is an error (POST, PUT, PATCH) rather than no body (DELETE, GET). */
  bodyRequired?: boolean;
}

/**
 * Parses a JSON request body as every door and route receives it: nesting bounded,
 * `__proto__`/`constructor.prototype` keys refused (as Fastify's own parser does), and
 * strings PostgreSQL cannot store refused, each with a 400 naming the problem, before any
 * validator or the writer sees the value. On methods without a body an empty one is no body:
 * clients send `Content-Type: application/json` on body-less requests (a DELETE by id).
 */
export function parseJsonBody(body: Buffer | string, options: JsonBodyOptions = {}): unknown {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  if (bytes.length === 0) {
    if (options.bodyRequired) throw AppError.badRequest('invalid json: empty body');
    return undefined;
  }
  const scan = scanBody(bytes, MAX_JSON_DEPTH);
  if (scan.tooDeep) {
    throw AppError.badRequest(`invalid json: nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  const decoded = bytes.toString('utf8');
  // A leading byte order mark is allowed, as secure-json-parse allows it.
  const text = decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded;
  const escapes = text.includes('\\u');
  let value: unknown;
  try {
    // A `\u` escape is the only other way JSON can spell those keys' letters. Bodies with
    // neither, nearly all, skip secure-json-parse's regular expressions over the whole text.
    value =
      escapes || scan.spellsProtoKey
        ? secureJson.parse(text, null, { protoAction: 'error', constructorAction: 'error' })
        : JSON.parse(text);
  } catch (error) {
    throw AppError.badRequest(`invalid json: ${describeSyntaxError(error)}`);
  }
  if (!escapes || !SUSPICIOUS_ESCAPE.test(text)) {
    markEscapeFree(value);
  } else if (!options.allowUnstorableStrings) {
    const path = findUnstorableString(value);
    if (path) throw AppError.badRequest(`invalid json: ${unstorableMessage(path)}`);
  }
  return value;
}

/** What one pass over a body's bytes tells before it is parsed. */
export interface BodyScan {
  /** Brackets nest deeper than allowed (the scan stops there). */
  tooDeep: boolean;
  /** A string, key or value, is exactly `__proto__` or `constructor` as written. */
  spellsProtoKey: boolean;
}

const PROTO = Buffer.from('__proto__');
const CONSTRUCTOR = Buffer.from('constructor');

/**
 * Counts bracket depth outside strings without parsing, and looks at each string whose
 * length is that of a prototype key. It reads every byte of every body, so bytes are
 * compared directly (a Set lookup per byte made it twice as slow), and strings are skipped
 * by their quotes: searching the text for the keys took as long as parsing it.
 */
export function scanBody(bytes: Buffer, maxDepth: number): BodyScan {
  let depth = 0;
  let spellsProtoKey = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      const close = closingQuote(bytes, i);
      spellsProtoKey ||= isProtoKey(bytes, i + 1, close);
      i = close;
    } else if (byte === OPEN_BRACKET || byte === OPEN_BRACE) {
      if (++depth > maxDepth) return { tooDeep: true, spellsProtoKey };
    } else if (byte === CLOSE_BRACKET || byte === CLOSE_BRACE) {
      depth--;
    }
  }
  return { tooDeep: false, spellsProtoKey };
}

function isProtoKey(bytes: Buffer, start: number, end: number): boolean {
  const length = end - start;
  const key = length === PROTO.length ? PROTO : length === CONSTRUCTOR.length ? CONSTRUCTOR : undefined;
  return key !== undefined && bytes.compare(key, 0, length, start, end) === 0;
}

/** Index of the quote that ends the string opened at `open` (or the end of the buffer). */
function closingQuote(bytes: Buffer, open: number): number {
  let at = open;
  for (;;) {
    at = bytes.indexOf(QUOTE, at + 1);
    if (at < 0) return bytes.length;
    let backslashes = 0;
    while (bytes[at - 1 - backslashes] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

// V8's message quotes a slice of the input; keep it short.
function describeSyntaxError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}
