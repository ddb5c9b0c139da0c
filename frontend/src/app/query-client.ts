import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { isClientError, isUnauthorized } from '@/lib/api-client';

/**
 * The one QueryClient. A 401 from any query means the token is wrong or was rotated: the
 * app signs out and shows the sign-in page. Client errors are not retried (the answer will
 * not change); the xtrace client itself already retries 429 and 5xx with backoff.
 */
export function createQueryClient(onUnauthorized: () => void): QueryClient {
  const onError = (error: unknown) => {
    if (isUnauthorized(error)) onUnauthorized();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        retry: (failures, error) => !isClientError(error) && failures < 1,
        staleTime: 15_000,
        refetchOnWindowFocus: false,
      },
    },
  });
}
