import type { RawRequest, RawResponse } from './raw-http.js';

/** What an error answer must never show: SQL, driver or ORM internals, stack frames, paths. */
const LEAK_PATTERNS: RegExp[] = [
  /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|ON CONFLICT|RETURNING)\b/i,
  /syntax error at or near|invalid input syntax|violates|duplicate key|relation "|column "|pg_catalog/i,
  /QueryFailedError|TypeORMError|EntityManager|QueryRunner|DriverError/,
  /\bat [\w$.<>]+ \(|\.(ts|js|mjs):\d+(:\d+)?|node_modules|\/dist\/src\//,
  /RangeError|TypeError|ReferenceError|Maximum call stack/,
];

/** Secrets that must never appear in an answer (whole or as a prefix of 8 or more characters). */
export function secretFragments(secrets: string[]): string[] {
  return secrets.flatMap((secret) => [secret, secret.slice(0, 8)]).filter((fragment) => fragment.length >= 8);
}

/** Text of what was sent, so an answer that merely quotes the request is not counted as a leak. */
function sentText(request: RawRequest): string {
  const body = request.body === undefined ? '' : Buffer.from(request.body).toString('utf8');
  let path = request.path;
  try {
    path = decodeURIComponent(request.path);
  } catch {
    // not decodable: keep it raw
  }
  return `${path}\n${body}`;
}

/**
 * The rules every answer to a hostile request follows: fast, never 5xx, an error is the JSON
 * envelope, and nothing in it leaks SQL, internals or a secret. Returns what is wrong.
 */
export function answerProblems(request: RawRequest, response: RawResponse, secrets: string[], maxMs = 2000): string[] {
  const problems: string[] = [];
  if (response.ms > maxMs) problems.push(`slow: ${response.ms} ms`);
  if (response.status >= 500) problems.push(`status ${response.status}`);
  const text = response.body.toString('utf8');
  const headerText = JSON.stringify(response.headers);
  for (const fragment of secretFragments(secrets)) {
    if (text.includes(fragment) || headerText.includes(fragment)) problems.push('a secret (or a prefix of one) is in the answer');
  }
  if (response.status >= 400) {
    if (!String(response.headers['content-type'] ?? '').startsWith('application/json')) {
      problems.push(`error answer is ${response.headers['content-type'] ?? 'untyped'}, not JSON`);
    } else {
      let envelope: any;
      try {
        envelope = JSON.parse(text);
      } catch {
        problems.push('error answer is not valid JSON');
      }
      if (envelope && (typeof envelope.message !== 'string' || typeof envelope.code !== 'string' || typeof envelope.requestId !== 'string')) {
        problems.push(`error answer is not the envelope: ${text.slice(0, 200)}`);
      }
    }
    const sent = sentText(request);
    for (const pattern of LEAK_PATTERNS) {
      const match = pattern.exec(text);
      if (match && !sent.includes(match[0])) problems.push(`leaks ${JSON.stringify(match[0])}: ${text.slice(0, 200)}`);
    }
  }
  return problems;
}
