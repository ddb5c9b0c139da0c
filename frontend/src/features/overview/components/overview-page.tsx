import type { ReactNode } from 'react';
import { useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { PageHeader } from '@/components/page-header';
import { StatCard } from '@/components/stat-card';
import { EmptyState, ErrorState, LoadingState } from '@/components/states';
import { TimeRangeSelect } from '@/components/time-range-select';
import { formatCost, formatCount } from '@/lib/format';
import { rangeFromParams, type RangePreset, stableNow } from '@/lib/time-range';
import { useDailyMetrics } from '../api/get-daily-metrics';
import { useSessionCount } from '../api/get-session-count';
import { useTraceSample } from '../api/get-trace-sample';
import { byModel, distinctUsers, latencyPerDay, perDay, totalsOf } from '../lib/overview-stats';
import { CostByModelChart, LatencyChart, PerDayBarChart, TokensByModelChart } from './overview-charts';

const PRESETS: RangePreset[] = ['24h', '7d', '30d', '90d'];

export function OverviewPage() {
  const [params, setParams] = useSearchParams();
  // Rounded to the minute so the query keys (and the cache) hold still between renders.
  const now = stableNow(60_000);
  const { preset, from, to } = rangeFromParams(params, '7d', now);
  const fromMs = from.getTime();
  const toMs = to.getTime();
  const range = useMemo(() => ({ from: new Date(fromMs), to: new Date(toMs) }), [fromMs, toMs]);
  const daily = useDailyMetrics(range);
  const sessions = useSessionCount(range);
  const sample = useTraceSample(range);

  const days = daily.data ?? [];
  const totals = totalsOf(days);
  const dayRows = perDay(days, range.from, range.to);
  const models = byModel(days);
  const latency = sample.data ? latencyPerDay(sample.data.traces, dayRows.map((row) => row.date)) : [];
  const sampled = sample.data && sample.data.traces.length < sample.data.total;

  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="Overview"
        description="Traffic, cost and latency of your LLM application."
        actions={<TimeRangeSelect value={preset} presets={PRESETS} onChange={(next) => setParams({ range: next })} />}
      />
      {daily.isError && <ErrorState error={daily.error} onRetry={() => daily.refetch()} title="Could not load usage" />}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
        <StatCard label="Traces" value={formatCount(totals.traces)} loading={daily.isPending} />
        <StatCard label="Observations" value={formatCount(totals.observations)} loading={daily.isPending} />
        <StatCard
          label="Users"
          value={sample.isError ? '–' : formatCount(sample.data ? distinctUsers(sample.data.traces) : 0)}
          hint={sample.isError ? 'could not be counted' : sampled ? `in the newest ${formatCount(sample.data!.traces.length)} traces` : undefined}
          loading={sample.isPending}
        />
        <StatCard
          label="Sessions"
          value={sessions.isError ? '–' : formatCount(sessions.data ?? 0)}
          hint={sessions.isError ? 'could not be counted' : undefined}
          loading={sessions.isPending}
        />
        <StatCard label="Total cost" value={formatCost(totals.cost)} loading={daily.isPending} />
        <StatCard label="Tokens" value={formatCount(totals.totalTokens, { compact: true })} hint={`${formatCount(totals.inputTokens, { compact: true })} in · ${formatCount(totals.outputTokens, { compact: true })} out`} loading={daily.isPending} />
      </div>
      {daily.isPending ? (
        <LoadingState rows={6} />
      ) : !daily.isError && totals.traces === 0 ? (
        <EmptyState title="No traces in this range">
          Send traces with the native batch API, a Langfuse SDK or an OpenTelemetry exporter, or pick a longer range.
        </EmptyState>
      ) : (
        !daily.isError && (
          <div className="grid gap-4 lg:grid-cols-2">
            <ChartCard title="Traces per day" testId="chart-traces-per-day">
              <PerDayBarChart rows={dayRows} metric="traces" />
            </ChartCard>
            <ChartCard title="Cost per day" testId="chart-cost-per-day">
              <PerDayBarChart rows={dayRows} metric="cost" />
            </ChartCard>
            <ChartCard title="Tokens by model" testId="chart-tokens-by-model">
              {models.length ? <TokensByModelChart rows={models} /> : <EmptyState title="No generations with usage" />}
            </ChartCard>
            <ChartCard title="Cost by model" testId="chart-cost-by-model">
              {models.length ? <CostByModelChart rows={models} /> : <EmptyState title="No generations with cost" />}
            </ChartCard>
            <ChartCard
              title="Trace latency p50 / p95 / p99"
              description={sampled ? `Computed from the newest ${formatCount(sample.data!.traces.length)} of ${formatCount(sample.data!.total)} traces.` : 'Per day, over the traces of the range.'}
              testId="chart-latency"
              className="lg:col-span-2"
            >
              {sample.isPending ? (
                <LoadingState rows={4} />
              ) : sample.isError ? (
                <ErrorState error={sample.error} onRetry={() => sample.refetch()} />
              ) : latency.some((row) => row.count > 0) ? (
                <LatencyChart rows={latency} />
              ) : (
                <EmptyState title="No trace latencies in this range" />
              )}
            </ChartCard>
          </div>
        )
      )}
    </div>
  );
}

function ChartCard({ title, description, children, testId, className }: { title: string; description?: string; children: ReactNode; testId: string; className?: string }) {
  return (
    <Card className={className} data-testid={testId}>
      <CardHeader>
        <CardTitle className="text-base">{title}</CardTitle>
        {description && <CardDescription>{description}</CardDescription>}
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}
