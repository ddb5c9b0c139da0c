import { useParams } from 'react-router';
import { EmptyState } from '@/components/states';
import { MetricsPage } from '@/features/metrics';
import { OverviewPage } from '@/features/overview';
import { SessionsPage, SessionView } from '@/features/sessions';
import { TracesPage, TraceView } from '@/features/traces';

export const OverviewRoute = OverviewPage;
export const TracesRoute = TracesPage;
export const SessionsRoute = SessionsPage;
export const MetricsRoute = MetricsPage;

export function TraceRoute() {
  const { traceId = '' } = useParams();
  // Keyed so switching traces resets the tree's collapsed state.
  return <TraceView key={traceId} traceId={traceId} />;
}

export function SessionRoute() {
  const { sessionId = '' } = useParams();
  return <SessionView key={sessionId} sessionId={sessionId} />;
}

export function NotFoundRoute() {
  return <EmptyState title="Page not found">There is nothing at this address. Use the menu to find your way.</EmptyState>;
}
