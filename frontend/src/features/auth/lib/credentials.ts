// Where the dashboard keeps what the user signed in with. sessionStorage: the token lives as
// long as the tab, is not shared with other tabs, and is gone when the browser closes.

export type Credentials = { kind: 'token'; token: string } | { kind: 'keys'; publicKey: string; secretKey: string };

const STORAGE_KEY = 'xtrace.credentials';

export function loadCredentials(storage: Storage = sessionStorage): Credentials | null {
  try {
    const parsed = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as Partial<Credentials> | null;
    if (parsed?.kind === 'token' && typeof parsed.token === 'string' && parsed.token) return { kind: 'token', token: parsed.token };
    if (parsed?.kind === 'keys' && typeof parsed.publicKey === 'string' && typeof parsed.secretKey === 'string') {
      return { kind: 'keys', publicKey: parsed.publicKey, secretKey: parsed.secretKey };
    }
  } catch {
    // A corrupt entry is the same as none.
  }
  return null;
}

export function saveCredentials(credentials: Credentials, storage: Storage = sessionStorage): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(credentials));
}

export function clearCredentials(storage: Storage = sessionStorage): void {
  storage.removeItem(STORAGE_KEY);
}

/**
 * The token of a sign-in link (`/#token=<token>`, as the server's start-up banner prints),
 * or null. Other hash parameters are ignored.
 */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token')?.trim();
  return token ? token : null;
}

/** What the client sends: the bearer token, or the key pair as HTTP Basic. */
export function clientCredentials(credentials: Credentials): string | { publicKey: string; secretKey: string } {
  return credentials.kind === 'token' ? credentials.token : { publicKey: credentials.publicKey, secretKey: credentials.secretKey };
}
