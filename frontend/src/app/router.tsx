import { createBrowserRouter } from 'react-router';
import { MetricsRoute, NotFoundRoute, OverviewRoute, SessionRoute, SessionsRoute, TraceRoute, TracesRoute } from '@/routes/pages';
import { SignInRoute } from '@/routes/sign-in';
import { AppLayout } from './app-layout';

export const router = createBrowserRouter([
  { path: '/sign-in', Component: SignInRoute },
  {
    Component: AppLayout,
    children: [
      { index: true, Component: OverviewRoute },
      { path: 'traces', Component: TracesRoute },
      { path: 'traces/:traceId', Component: TraceRoute },
      { path: 'sessions', Component: SessionsRoute },
      { path: 'sessions/:sessionId', Component: SessionRoute },
      { path: 'metrics', Component: MetricsRoute },
      { path: '*', Component: NotFoundRoute },
    ],
  },
]);
