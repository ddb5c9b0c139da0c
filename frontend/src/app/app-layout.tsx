import { Activity, BarChart3, LayoutDashboard, ListTree, LogOut, MessagesSquare } from 'lucide-react';
import { NavLink, Navigate, Outlet, useLocation } from 'react-router';
import { Button } from '@/components/ui/button';
import { useAuth } from '@/features/auth';
import { cn } from '@/lib/utils';

const NAV = [
  { to: '/', label: 'Overview', icon: LayoutDashboard, end: true },
  { to: '/traces', label: 'Traces', icon: ListTree },
  { to: '/sessions', label: 'Sessions', icon: MessagesSquare },
  { to: '/metrics', label: 'Metrics', icon: BarChart3 },
];

/** The signed-in shell: navigation and the page. Signed-out visitors go to the sign-in page and come back after. */
export function AppLayout() {
  const { credentials, signOut } = useAuth();
  const location = useLocation();
  if (!credentials) {
    const next = location.pathname + location.search;
    return <Navigate to={`/sign-in${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`} replace />;
  }
  return (
    <div className="flex min-h-screen">
      <aside className="bg-muted/30 sticky top-0 flex h-screen w-52 shrink-0 flex-col border-r">
        <div className="flex items-center gap-2 px-4 py-4 text-lg font-semibold">
          <Activity className="size-5" /> xtrace
        </div>
        <nav className="flex flex-1 flex-col gap-1 px-2" aria-label="Main">
          {NAV.map(({ to, label, icon: Icon, end }) => (
            <NavLink
              key={to}
              to={to}
              end={end}
              className={({ isActive }) =>
                cn('hover:bg-accent flex items-center gap-2 rounded-md px-3 py-2 text-sm', isActive ? 'bg-accent text-foreground font-medium' : 'text-muted-foreground')
              }
            >
              <Icon className="size-4" /> {label}
            </NavLink>
          ))}
        </nav>
        <div className="border-t p-2">
          <p className="text-muted-foreground truncate px-3 py-1 text-xs" title={window.location.origin}>
            {credentials.kind === 'token' ? 'API token' : `Key ${credentials.publicKey}`}
          </p>
          <Button variant="ghost" className="w-full justify-start" onClick={() => signOut()}>
            <LogOut /> Sign out
          </Button>
        </div>
      </aside>
      <main className="min-w-0 flex-1 p-6">
        <Outlet />
      </main>
    </div>
  );
}
