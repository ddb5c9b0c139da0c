import { useParams } from 'react-router';
import { TraceView } from '@/features/traces';

export function TraceRoute() {
  const { traceId = '' } = useParams();
  // Keyed so switching traces resets the tree's collapsed state.
  return <TraceView key={traceId} traceId={traceId} />;
}
