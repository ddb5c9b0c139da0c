import { ArrowUpRight } from 'lucide-react';
import { Link } from 'react-router';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardHeader } from '@/components/ui/card';
import { IoView } from '@/components/io-view';
import { PageHeader } from '@/components/page-header';
import { EmptyState, ErrorState, LoadingState } from '@/components/states';
import { formatCost, formatDateTime, formatSeconds } from '@/lib/format';
import type { Trace } from '@/types/api';
import { SESSION_TURN_LIMIT, useSessionTraces } from '../api/list-session-traces';

/** A session's traces, oldest first, each turn shown as its input and output: the conversation. */
export function SessionView({ sessionId }: { sessionId: string }) {
  const session = useSessionTraces(sessionId);
  if (session.isPending) return <LoadingState rows={6} />;
  if (session.isError) return <ErrorState error={session.error} onRetry={() => session.refetch()} />;
  const traces = session.data.data;
  if (traces.length === 0) {
    return (
      <EmptyState title="Session not found">
        No trace in this project carries the session id <code className="font-mono">{sessionId}</code>.
      </EmptyState>
    );
  }
  const total = session.data.meta.totalItems;
  const totalCost = traces.reduce((sum, trace) => sum + (trace.totalCost && trace.totalCost > 0 ? trace.totalCost : 0), 0);
  const users = [...new Set(traces.map((trace) => trace.userId).filter(Boolean))];

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title={<span data-testid="session-id">Session {sessionId}</span>}
        description={`Started ${formatDateTime(traces[0].timestamp)} · ${total} ${total === 1 ? 'trace' : 'traces'} · ${formatCost(totalCost)}${users.length ? ` · ${users.join(', ')}` : ''}`}
      />
      {total > traces.length && (
        <p className="text-muted-foreground text-sm">Showing the first {SESSION_TURN_LIMIT} of {total} traces.</p>
      )}
      <ol className="flex flex-col gap-3" data-testid="session-conversation">
        {traces.map((trace, index) => (
          <SessionTurn key={trace.id} trace={trace} turn={index + 1} />
        ))}
      </ol>
    </div>
  );
}

function SessionTurn({ trace, turn }: { trace: Trace; turn: number }) {
  return (
    <li data-testid="session-turn">
      <Card className="gap-3 py-4">
        <CardHeader className="flex flex-wrap items-center gap-2 px-4 text-sm">
          <Badge variant="outline">#{turn}</Badge>
          <Link to={`/traces/${encodeURIComponent(trace.id)}`} className="inline-flex items-center gap-1 font-medium hover:underline">
            {trace.name ?? 'Unnamed trace'} <ArrowUpRight className="size-3.5" />
          </Link>
          <span className="text-muted-foreground text-xs">
            {formatDateTime(trace.timestamp)} · {formatSeconds(trace.latency)} · {trace.totalCost === null || trace.totalCost < 0 ? '–' : formatCost(trace.totalCost)}
          </span>
        </CardHeader>
        <CardContent className="grid gap-3 px-4 md:grid-cols-2">
          <IoView label="Input" value={trace.input} />
          <IoView label="Output" value={trace.output} />
        </CardContent>
      </Card>
    </li>
  );
}
