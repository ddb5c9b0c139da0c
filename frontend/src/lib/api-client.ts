import { createContext, useContext } from 'react';
import { type Client, XtraceError } from 'xtrace-client';

/** The signed-in `xtrace-client`; provided by the auth feature, used by every feature's `api/`. */
export const ApiClientContext = createContext<Client | null>(null);

export function useApiClient(): Client {
  const client = useContext(ApiClientContext);
  if (!client) throw new Error('useApiClient needs a signed-in <ApiClientContext.Provider>');
  return client;
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof XtraceError && error.status === 401;
}

/** 4xx answers will not change by asking again (except 408/429, which the client already retries). */
export function isClientError(error: unknown): boolean {
  return error instanceof XtraceError && error.status >= 400 && error.status < 500;
}

/** A sentence for the user, with the server's request id when there is one (for its logs). */
export function errorMessage(error: unknown): string {
  if (error instanceof XtraceError) {
    const where = error.status ? `${error.status} ${error.code}` : error.code;
    return `${error.message} (${where}${error.requestId ? `, request ${error.requestId}` : ''})`;
  }
  return error instanceof Error ? error.message : String(error);
}
