import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The bearer token of embedded mode: created on first start, then read back.
 * Returns whether it was created now, so the caller prints it only once.
 */
export function loadOrCreateToken(dataDir: string): { token: string; created: boolean } {
  const file = join(resolve(dataDir), 'api-token');
  if (existsSync(file)) return { token: readFileSync(file, 'utf8').trim(), created: false };
  mkdirSync(resolve(dataDir), { recursive: true });
  const token = `xt_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return { token, created: true };
}
