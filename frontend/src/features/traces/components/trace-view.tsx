import type { ReactNode } from 'react';
import { AlertTriangle } from 'lucide-react';
import { Link, useSearchParams } from 'react-router';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent } from '@/components/ui/card';
import { IoView } from '@/components/io-view';
import { JsonTree } from '@/components/json-tree';
import { PageHeader } from '@/components/page-header';
import { EmptyState, ErrorState, LoadingState } from '@/components/states';
import { isClientError } from '@/lib/api-client';
import { formatCost, formatDateTime, formatSeconds } from '@/lib/format';
import type { TraceDetail } from '@/types/api';
import { useTrace } from '../api/get-trace';
import { isErrorLevel } from '../lib/observation-tree';
import { ObservationPanel, Section } from './observation-panel';
import { ObservationWaterfall } from './observation-waterfall';
import { ScoresList } from './scores-list';

/** The trace detail page: header facts, the tree/waterfall, and the selection's details (`?observation=` in the URL). */
export function TraceView({ traceId }: { traceId: string }) {
  const trace = useTrace(traceId);
  const [params, setParams] = useSearchParams();
  const selectedId = params.get('observation');

  if (trace.isPending) return <LoadingState rows={8} />;
  if (trace.isError) {
    const notFound = isClientError(trace.error) && (trace.error as { status?: number }).status === 404;
    return notFound ? (
      <EmptyState title="Trace not found">
        No trace <code className="font-mono">{traceId}</code> in this project. It may have been deleted, or not ingested yet.
      </EmptyState>
    ) : (
      <ErrorState error={trace.error} onRetry={() => trace.refetch()} />
    );
  }

  const data = trace.data;
  const selected = data.observations.find((observation) => observation.id === selectedId) ?? null;
  const select = (id: string | null) => {
    const next = new URLSearchParams(params);
    if (id) next.set('observation', id);
    else next.delete('observation');
    setParams(next, { replace: true });
  };
  const errors = data.observations.filter((observation) => isErrorLevel(observation.level)).length;

  return (
    <div className="flex flex-col gap-4">
      <TraceHeader trace={data} errors={errors} />
      <div className="grid gap-4 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0">
          {data.observations.length ? (
            <ObservationWaterfall observations={data.observations} traceTimestamp={data.timestamp} selectedId={selected?.id ?? null} onSelect={select} />
          ) : (
            <EmptyState title="No observations">This trace has no spans, generations or events.</EmptyState>
          )}
        </div>
        <Card className="min-w-0 py-4">
          <CardContent className="px-4">
            {selected ? (
              <ObservationPanel observation={selected} scores={data.scores.filter((score) => score.observationId === selected.id)} />
            ) : (
              <TracePanel trace={data} />
            )}
          </CardContent>
        </Card>
      </div>
    </div>
  );
}

function TraceHeader({ trace, errors }: { trace: TraceDetail; errors: number }) {
  return (
    <>
      <PageHeader
        title={<span data-testid="trace-name">{trace.name ?? 'Unnamed trace'}</span>}
        description={<span className="font-mono text-xs">{trace.id}</span>}
        actions={
          errors > 0 && (
            <Badge variant="destructive" data-testid="trace-errors">
              <AlertTriangle /> {errors} {errors === 1 ? 'error' : 'errors'}
            </Badge>
          )
        }
      />
      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-4 lg:grid-cols-8">
        <Fact label="Time">{formatDateTime(trace.timestamp)}</Fact>
        <Fact label="Latency">{formatSeconds(trace.latency)}</Fact>
        <Fact label="Cost">{trace.totalCost === null || trace.totalCost < 0 ? '–' : formatCost(trace.totalCost)}</Fact>
        <Fact label="User">{trace.userId ?? '–'}</Fact>
        <Fact label="Session">
          {trace.sessionId ? (
            <Link className="underline-offset-2 hover:underline" to={`/sessions/${encodeURIComponent(trace.sessionId)}`}>
              {trace.sessionId}
            </Link>
          ) : (
            '–'
          )}
        </Fact>
        <Fact label="Environment">{trace.environment}</Fact>
        <Fact label="Release">{trace.release ?? '–'}</Fact>
        <Fact label="Tags">
          <span className="flex flex-wrap gap-1">
            {trace.tags.length ? trace.tags.map((tag) => <Badge key={tag} variant="secondary">{tag}</Badge>) : '–'}
          </span>
        </Fact>
      </dl>
    </>
  );
}

function TracePanel({ trace }: { trace: TraceDetail }) {
  return (
    <div className="flex flex-col gap-4" data-testid="trace-panel">
      <h2 className="text-lg font-semibold">Trace</h2>
      <IoView label="Input" value={trace.input} />
      <IoView label="Output" value={trace.output} />
      {trace.metadata !== null && trace.metadata !== undefined && typeof trace.metadata === 'object' && Object.keys(trace.metadata).length > 0 && (
        <Section title="Metadata">
          <JsonTree value={trace.metadata} expandDepth={1} />
        </Section>
      )}
      <Section title="Scores">
        {trace.scores.length ? <ScoresList scores={trace.scores} /> : <p className="text-muted-foreground text-sm">No scores</p>}
      </Section>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-muted-foreground text-xs">{label}</dt>
      <dd className="truncate">{children}</dd>
    </div>
  );
}
