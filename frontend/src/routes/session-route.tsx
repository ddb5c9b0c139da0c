import { useParams } from 'react-router';
import { SessionView } from '@/features/sessions';

export function SessionRoute() {
  const { sessionId = '' } = useParams();
  return <SessionView key={sessionId} sessionId={sessionId} />;
}
