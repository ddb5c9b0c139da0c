import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { Client } from 'xtrace-client';
import { ApiClientContext, isUnauthorized } from '@/lib/api-client';
import { clearCredentials, clientCredentials, type Credentials, loadCredentials, saveCredentials, tokenFromHash } from '../lib/credentials';

interface AuthState {
  credentials: Credentials | null;
  /** Why the user is on the sign-in page (rejected token, expired session), if known. */
  notice: string | null;
  /** A sign-in link's token is being checked. */
  checkingLink: boolean;
  /** Checks the credentials against the server, then keeps them for this tab. */
  signIn(credentials: Credentials): Promise<void>;
  signOut(notice?: string): void;
}

const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth needs <AuthProvider>');
  return auth;
}

/** The page is served by xtrace (or proxied to it by `npm run dev`), so the API is on this origin. */
function newClient(credentials: Credentials): Client {
  return new Client(window.location.origin, clientCredentials(credentials), { timeoutMs: 20_000, retry: { maxRetries: 2 } });
}

class SignInRejected extends Error {}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [credentials, setCredentials] = useState<Credentials | null>(() => loadCredentials());
  const [notice, setNotice] = useState<string | null>(null);
  // Read before the first render: the router may redirect (and drop the hash) before effects run.
  const [linkedToken] = useState(() => tokenFromHash(window.location.hash));
  const [checkingLink, setCheckingLink] = useState(linkedToken !== null);

  const signOut = useCallback((reason?: string) => {
    clearCredentials();
    setCredentials(null);
    setNotice(reason ?? null);
  }, []);

  const signIn = useCallback(async (candidate: Credentials) => {
    try {
      // Any protected read tells whether the server accepts these credentials.
      await newClient(candidate).listTraces({ limit: 1 }, { retry: { maxRetries: 0 } });
    } catch (error) {
      if (isUnauthorized(error)) throw new SignInRejected('The server rejected these credentials.');
      // Other failures (server busy, route missing) say nothing about the credentials.
    }
    saveCredentials(candidate);
    setNotice(null);
    setCredentials(candidate);
  }, []);

  // A sign-in link (`/#token=…`) or, in `npm run dev`, VITE_XTRACE_API_TOKEN signs in directly.
  useEffect(() => {
    // The token must not stay in the address bar, the history or a copied link.
    if (linkedToken) history.replaceState(history.state, '', window.location.pathname + window.location.search);
    const token = linkedToken ?? (import.meta.env.DEV && !credentials ? import.meta.env.VITE_XTRACE_API_TOKEN : undefined);
    if (!token) return;
    signIn({ kind: 'token', token })
      .catch((error: unknown) => signOut(error instanceof Error ? error.message : String(error)))
      .finally(() => setCheckingLink(false));
    // Once, on load: later changes of the credentials must not sign in again.
  }, []);

  const client = useMemo(() => (credentials ? newClient(credentials) : null), [credentials]);
  const auth = useMemo(() => ({ credentials, notice, checkingLink, signIn, signOut }), [credentials, notice, checkingLink, signIn, signOut]);

  return (
    <AuthContext.Provider value={auth}>
      <ApiClientContext.Provider value={client}>
        {children}
      </ApiClientContext.Provider>
    </AuthContext.Provider>
  );
}
