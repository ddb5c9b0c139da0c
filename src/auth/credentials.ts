import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config.js';

type AuthSettings = AppConfig['auth'];

export type Credential =
  | { kind: 'bearer'; token: string }
  | { kind: 'basic'; publicKey: string; secretKey: string }
  | { kind: 'malformed-basic' }
  | { kind: 'none' }
  | { kind: 'other' };

/** Parses one Authorization header; the scheme is case-insensitive (RFC 7235). */
export function parseAuthorization(header: string | string[] | undefined): Credential {
  if (header === undefined) return { kind: 'none' };
  if (Array.isArray(header)) return { kind: 'other' }; // two Authorization headers: ambiguous, refuse
  const match = /^([A-Za-z]+) +(.+)$/.exec(header.trim());
  if (!match) return { kind: 'other' };
  const [, scheme, value] = match;
  switch (scheme.toLowerCase()) {
    case 'bearer':
      return { kind: 'bearer', token: value.trim() };
    case 'basic':
      return parseBasic(value.trim());
    default:
      return { kind: 'other' };
  }
}

function parseBasic(encoded: string): Credential {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) return { kind: 'malformed-basic' };
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return { kind: 'malformed-basic' };
  return { kind: 'basic', publicKey: decoded.slice(0, colon), secretKey: decoded.slice(colon + 1) };
}

/** Constant-time string comparison; hashing first makes the length irrelevant too. */
export function secretEquals(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** The rate-limit key of a credential (API.md §1.3). */
export function credentialKey(credential: Credential): string {
  switch (credential.kind) {
    case 'bearer':
      return `bearer:${credential.token}`;
    case 'basic':
      return `basic:${credential.publicKey}`;
    default:
      return 'anonymous';
  }
}

/**
 * Every Authorization header the client sent. Node keeps only the first of repeated
 * Authorization headers in `headers`; the raw list shows them all, so two credentials
 * (which a proxy might read differently) are refused rather than resolved by order.
 */
export function authorizationHeaders(request: FastifyRequest): string | string[] | undefined {
  const values: string[] = [];
  const raw = request.raw.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() === 'authorization') values.push(raw[i + 1]);
  return values.length > 1 ? values : values[0];
}

/** Whether the credential is the configured bearer token or key pair (API.md §1.2, rules 1–2). */
export function authenticates(credential: Credential, auth: AuthSettings): boolean {
  const { bearerToken, publicKey, secretKey } = auth;
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

/** Whether the open-compat switch lets the credential through on a route it opens (API.md §1.2, rule 3). */
export function compatSwitchAccepts(credential: Credential, auth: AuthSettings): boolean {
  const { allowUnauthenticatedCompat, publicKey, secretKey } = auth;
  if (!allowUnauthenticatedCompat || publicKey || secretKey) return false;
  return credential.kind === 'none' || credential.kind === 'basic' || credential.kind === 'malformed-basic';
}
