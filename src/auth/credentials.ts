import { createHash, timingSafeEqual } from 'node:crypto';

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
