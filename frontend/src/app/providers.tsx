import { type ReactNode, useMemo } from 'react';
import { QueryClientProvider } from '@tanstack/react-query';
import { TooltipProvider } from '@/components/ui/tooltip';
import { AuthProvider, useAuth } from '@/features/auth';
import { createQueryClient } from './query-client';

export function AppProviders({ children }: { children: ReactNode }) {
  return (
    <AuthProvider>
      <QueryLayer>
        <TooltipProvider>{children}</TooltipProvider>
      </QueryLayer>
    </AuthProvider>
  );
}

function QueryLayer({ children }: { children: ReactNode }) {
  const { credentials, signOut } = useAuth();
  // A new sign-in starts with an empty cache, so nothing fetched with other credentials shows.
  const queryClient = useMemo(
    () => createQueryClient(() => signOut('The server rejected your credentials (401). Sign in again.')),
    [credentials, signOut],
  );
  return <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>;
}
