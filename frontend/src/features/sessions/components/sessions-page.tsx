import { Link, useSearchParams } from 'react-router';
import { Card, CardContent } from '@/components/ui/card';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { PageHeader } from '@/components/page-header';
import { Pagination } from '@/components/pagination';
import { EmptyState, ErrorState, LoadingState } from '@/components/states';
import { TimeRangeSelect } from '@/components/time-range-select';
import { formatAgo, formatDateTime } from '@/lib/format';
import { isRangePreset } from '@/lib/time-range';
import { useSessions } from '../api/list-sessions';

export function SessionsPage() {
  const [params, setParams] = useSearchParams();
  const rangeParam = params.get('range');
  const range = isRangePreset(rangeParam) ? rangeParam : '7d';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const sessions = useSessions({ range, page, limit: 50 });
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value === null) next.delete(key);
      else next.set(key, value);
    }
    setParams(next);
  };

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Sessions"
        description="Traces that share a session id: a conversation, a user's visit, an agent's task."
        actions={<TimeRangeSelect value={range} onChange={(preset) => set({ range: preset, page: null })} />}
      />
      <Card className="py-2">
        <CardContent className="px-2">
          {sessions.isPending ? (
            <LoadingState rows={6} className="p-2" />
          ) : sessions.isError ? (
            <ErrorState error={sessions.error} onRetry={() => sessions.refetch()} />
          ) : sessions.data.data.length === 0 ? (
            <EmptyState title="No sessions in this range">Send traces with a sessionId to group them into sessions.</EmptyState>
          ) : (
            <Table data-testid="sessions-table">
              <TableHeader>
                <TableRow>
                  <TableHead>Session</TableHead>
                  <TableHead>Started</TableHead>
                  <TableHead>Environment</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {sessions.data.data.map((session) => (
                  <TableRow key={session.id} data-testid="session-row">
                    <TableCell className="font-medium">
                      <Link to={`/sessions/${encodeURIComponent(session.id)}`} className="hover:underline">
                        {session.id}
                      </Link>
                    </TableCell>
                    <TableCell>
                      {formatDateTime(session.createdAt)} <span className="text-muted-foreground text-xs">({formatAgo(session.createdAt)})</span>
                    </TableCell>
                    <TableCell>{session.environment}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
      {sessions.data && sessions.data.meta.totalItems > 0 && (
        <Pagination page={page} totalPages={sessions.data.meta.totalPages} totalItems={sessions.data.meta.totalItems} onPage={(next) => set({ page: String(next) })} />
      )}
    </div>
  );
}
