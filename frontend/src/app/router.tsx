import type { ComponentType } from 'react';
import { createBrowserRouter } from 'react-router';
import { LoadingState } from '@/components/states';
import { NotFoundRoute } from '@/routes/not-found';
import { SignInRoute } from '@/routes/sign-in';
import { AppLayout } from './app-layout';

/**
 * A page loaded on its first visit, as its own chunk: the sign-in page and the shell come
 * first, and the charting and JSON views only with the pages that use them.
 */
function page<Module>(load: () => Promise<Module>, pick: (module: Module) => ComponentType) {
  return async () => ({ Component: pick(await load()) });
}

export const router = createBrowserRouter([
  { path: '/sign-in', Component: SignInRoute },
  {
    Component: AppLayout,
    HydrateFallback: () => <LoadingState />,
    children: [
      { index: true, lazy: page(() => import('@/features/overview'), (module) => module.OverviewPage) },
      { path: 'traces', lazy: page(() => import('@/features/traces'), (module) => module.TracesPage) },
      { path: 'traces/:traceId', lazy: page(() => import('@/routes/trace-route'), (module) => module.TraceRoute) },
      { path: 'sessions', lazy: page(() => import('@/features/sessions'), (module) => module.SessionsPage) },
      { path: 'sessions/:sessionId', lazy: page(() => import('@/routes/session-route'), (module) => module.SessionRoute) },
      { path: 'metrics', lazy: page(() => import('@/features/metrics'), (module) => module.MetricsPage) },
      { path: '*', Component: NotFoundRoute },
    ],
  },
]);
