import type { ReactNode } from 'react';
import { AlertTriangle } from 'lucide-react';
import { Alert, AlertDescription, AlertTitle } from '@/components/ui/alert';
import { Badge } from '@/components/ui/badge';
import { IoView } from '@/components/io-view';
import { JsonTree } from '@/components/json-tree';
import { formatCost, formatCount, formatDateTime, formatDurationMs, formatSeconds } from '@/lib/format';
import type { Observation, Score } from '@/types/api';
import { isErrorLevel } from '../lib/observation-tree';
import { ScoresList } from './scores-list';

/** Everything about one observation: what went in and out, model, usage, cost, timing, level, metadata, scores. */
export function ObservationPanel({ observation, scores }: { observation: Observation; scores: Score[] }) {
  const error = isErrorLevel(observation.level);
  const latencyMs = durationMs(observation.startTime, observation.endTime) ?? secondsToMs(observation.latency);
  const ttftMs = secondsToMs(observation.timeToFirstToken) ?? durationMs(observation.startTime, observation.completionStartTime);
  const cost = observation.calculatedTotalCost ?? observation.costDetails?.total ?? null;
  const hasUsage = !!(observation.totalTokens || observation.promptTokens || observation.completionTokens);

  return (
    <div className="flex flex-col gap-4" data-testid="observation-panel" data-observation-id={observation.id}>
      <div className="flex flex-wrap items-center gap-2">
        <Badge variant="outline">{observation.type}</Badge>
        <h2 className="text-lg font-semibold break-all">{observation.name ?? observation.id}</h2>
        <Badge variant={error ? 'destructive' : observation.level === 'WARNING' ? 'default' : 'secondary'} data-testid="observation-level">
          {observation.level}
        </Badge>
      </div>
      {(error || observation.statusMessage) && (
        <Alert variant={error ? 'destructive' : 'default'} data-testid="status-message">
          <AlertTriangle />
          <AlertTitle>{error ? 'Error' : 'Status'}</AlertTitle>
          <AlertDescription>{observation.statusMessage ?? 'Level ERROR without a status message'}</AlertDescription>
        </Alert>
      )}
      <dl className="grid grid-cols-2 gap-x-4 gap-y-3 text-sm lg:grid-cols-3" data-testid="observation-facts">
        {observation.model && <Fact label="Model">{observation.model}</Fact>}
        <Fact label="Start">{formatDateTime(observation.startTime)}</Fact>
        <Fact label="Latency">{latencyMs === undefined ? (observation.endTime ? '–' : 'not ended') : formatDurationMs(latencyMs)}</Fact>
        {ttftMs !== undefined && <Fact label="Time to first token">{formatDurationMs(ttftMs)}</Fact>}
        {(hasUsage || observation.type === 'GENERATION') && (
          <Fact label="Tokens (in / out / total)">
            {formatCount(observation.promptTokens ?? 0)} / {formatCount(observation.completionTokens ?? 0)} / {formatCount(observation.totalTokens ?? 0)}
          </Fact>
        )}
        {(observation.type === 'GENERATION' || (cost !== null && cost > 0)) && (
          <Fact label="Cost (in / out / total)">
            <span data-testid="observation-cost">
              {formatCost(observation.calculatedInputCost)} / {formatCost(observation.calculatedOutputCost)} / {formatCost(cost)}
            </span>
          </Fact>
        )}
        {observation.latency !== null && latencyMs === undefined && <Fact label="Latency (reported)">{formatSeconds(observation.latency)}</Fact>}
        <Fact label="Id">
          <span className="font-mono text-xs break-all">{observation.id}</span>
        </Fact>
      </dl>
      <IoView label="Input" value={observation.input} />
      <IoView label="Output" value={observation.output} />
      {hasUsage && hasEntries(observation.usageDetails) && <Section title="Usage details"><JsonTree value={observation.usageDetails} /></Section>}
      {hasEntries(observation.modelParameters) && <Section title="Model parameters"><JsonTree value={observation.modelParameters} /></Section>}
      {hasEntries(observation.metadata) && <Section title="Metadata"><JsonTree value={observation.metadata} expandDepth={1} /></Section>}
      {scores.length > 0 && <Section title="Scores"><ScoresList scores={scores} /></Section>}
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-muted-foreground text-xs">{label}</dt>
      <dd className="tabular-nums">{children}</dd>
    </div>
  );
}

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="flex flex-col gap-2">
      <h3 className="text-sm font-semibold">{title}</h3>
      <div className="bg-muted/40 overflow-auto rounded-md p-3">{children}</div>
    </section>
  );
}

function hasEntries(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.keys(value).length > 0;
}

function durationMs(start: string | null | undefined, end: string | null | undefined): number | undefined {
  if (!start || !end) return undefined;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isNaN(ms) ? undefined : ms;
}

function secondsToMs(seconds: number | null | undefined): number | undefined {
  return seconds === null || seconds === undefined || seconds < 0 ? undefined : seconds * 1000;
}
