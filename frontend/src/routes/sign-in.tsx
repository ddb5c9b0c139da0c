import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { SignInForm, useAuth } from '@/features/auth';

/** Only same-app paths may be a `next` target (no `//host` or `https:` redirects). */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

export function SignInRoute() {
  const { credentials } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  if (credentials) return <Navigate to={next} replace />;
  return (
    <div className="bg-muted/30 flex min-h-screen items-center justify-center p-4">
      <SignInForm onSignedIn={() => navigate(next, { replace: true })} />
    </div>
  );
}
