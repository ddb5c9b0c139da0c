import type { ReactNode } from 'react';
import { Clock, RefreshCw } from 'lucide-react';
import { useSearchParams } from 'react-router';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent } from '@/components/ui/card';
import { Label } from '@/components/ui/label';
import { NativeSelect, NativeSelectOption } from '@/components/ui/native-select';
import { PageHeader } from '@/components/page-header';
import { SeriesLineChart } from '@/components/series-line-chart';
import { EmptyState, ErrorState, LoadingState } from '@/components/states';
import { TimeRangeSelect } from '@/components/time-range-select';
import { formatAgo, formatDateTime } from '@/lib/format';
import { useMetricLabels } from '../api/metric-labels';
import { useMetricNames } from '../api/metric-names';
import { useMetricQuery } from '../api/query-metrics';
import { metricsParamsToSearch, type MetricsParams, parseMetricsParams, REFRESH_CHOICES, stepsFor } from '../lib/metrics-params';
import { AGGREGATIONS, isStale, pivotSeries, suggestStep } from '../lib/series';

export function MetricsPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const params = parseMetricsParams(searchParams);
  const names = useMetricNames();
  const name = params.name ?? names.data?.[0];
  const state: MetricsParams = { ...params, name };
  const labels = useMetricLabels(name);
  const result = useMetricQuery(state);
  const update = (changes: Partial<MetricsParams>) => setSearchParams(metricsParamsToSearch({ ...state, ...changes }), { replace: true });

  if (names.isPending) return <LoadingState rows={6} />;
  if (names.isError) return <ErrorState error={names.error} onRetry={() => names.refetch()} />;
  if (!names.data.length) {
    return (
      <div className="flex flex-col gap-4">
        <PageHeader title="Metrics" />
        <EmptyState title="No metrics yet">
          Push points to <code className="font-mono">POST /v1/metrics/batch</code> (or with the client&apos;s <code className="font-mono">MetricsReporter</code>) and they appear here.
        </EmptyState>
      </div>
    );
  }

  const labelKeys = Object.keys(labels.data ?? {}).sort();
  const steps = stepsFor(state.range);
  const latest = result.data?.meta.latest_ts;
  const stale = isStale(latest, state.step);
  const chart = result.data ? pivotSeries(result.data.data, name) : undefined;

  return (
    <div className="flex flex-col gap-4">
      <PageHeader
        title="Metrics"
        description="Time-bucketed aggregates of the metric points xtrace stores."
        actions={
          <>
            {result.isFetching && <RefreshCw className="text-muted-foreground size-4 animate-spin" aria-label="Refreshing" />}
            {latest && (
              <Badge variant={stale ? 'destructive' : 'secondary'} data-testid="freshness" title={`Newest bucket ${formatDateTime(latest)}`}>
                <Clock /> {stale ? 'Stale: ' : 'Latest data '}
                {formatAgo(latest)}
              </Badge>
            )}
            {result.data?.meta.truncated && <Badge variant="outline">Truncated to 50 series × 1,000 points</Badge>}
          </>
        }
      />
      <Card className="py-4">
        <CardContent className="flex flex-wrap items-end gap-3 px-4">
          <Field label="Metric">
            <NativeSelect aria-label="Metric" value={name} onChange={(event) => update({ name: event.target.value, labels: {}, groupBy: undefined })}>
              {names.data.map((metric) => (
                <NativeSelectOption key={metric} value={metric}>
                  {metric}
                </NativeSelectOption>
              ))}
            </NativeSelect>
          </Field>
          <Field label="Range">
            <TimeRangeSelect value={state.range} onChange={(range) => update({ range, step: stepsFor(range).includes(state.step) ? state.step : suggestStepFor(range) })} />
          </Field>
          <Field label="Step">
            <NativeSelect aria-label="Step" value={state.step} onChange={(event) => update({ step: event.target.value as MetricsParams['step'] })}>
              {steps.map((step) => (
                <NativeSelectOption key={step} value={step}>
                  {step}
                </NativeSelectOption>
              ))}
            </NativeSelect>
          </Field>
          <Field label="Aggregation">
            <NativeSelect aria-label="Aggregation" value={state.agg} onChange={(event) => update({ agg: event.target.value as MetricsParams['agg'] })}>
              {AGGREGATIONS.map((agg) => (
                <NativeSelectOption key={agg} value={agg}>
                  {agg}
                </NativeSelectOption>
              ))}
            </NativeSelect>
          </Field>
          <Field label="Group by">
            <NativeSelect aria-label="Group by" value={state.groupBy ?? ''} onChange={(event) => update({ groupBy: event.target.value || undefined })}>
              <NativeSelectOption value="">Each label set</NativeSelectOption>
              {labelKeys.map((key) => (
                <NativeSelectOption key={key} value={key}>
                  {key}
                </NativeSelectOption>
              ))}
            </NativeSelect>
          </Field>
          <Field label="Auto-refresh">
            <NativeSelect aria-label="Auto-refresh" value={String(state.refresh)} onChange={(event) => update({ refresh: Number(event.target.value) })}>
              {REFRESH_CHOICES.map((seconds) => (
                <NativeSelectOption key={seconds} value={String(seconds)}>
                  {seconds ? `Every ${seconds}s` : 'Off'}
                </NativeSelectOption>
              ))}
            </NativeSelect>
          </Field>
        </CardContent>
        {labelKeys.length > 0 && (
          <CardContent className="flex flex-wrap items-end gap-3 border-t px-4 pt-4" data-testid="label-filters">
            {labelKeys.map((key) => (
              <Field key={key} label={key}>
                <NativeSelect
                  aria-label={`Label ${key}`}
                  value={state.labels[key] ?? ''}
                  onChange={(event) => {
                    const next = { ...state.labels };
                    if (event.target.value) next[key] = event.target.value;
                    else delete next[key];
                    update({ labels: next });
                  }}
                >
                  <NativeSelectOption value="">any</NativeSelectOption>
                  {(labels.data?.[key] ?? []).map((value) => (
                    <NativeSelectOption key={value} value={value}>
                      {value}
                    </NativeSelectOption>
                  ))}
                </NativeSelect>
              </Field>
            ))}
          </CardContent>
        )}
      </Card>
      <Card className="py-4">
        <CardContent className="px-4" data-testid="metric-chart">
          {result.isPending ? (
            <LoadingState rows={6} />
          ) : result.isError ? (
            <ErrorState error={result.error} onRetry={() => result.refetch()} />
          ) : !chart || chart.rows.length === 0 ? (
            <EmptyState title="No points in this window">Try a longer range or fewer label filters.</EmptyState>
          ) : (
            <>
              <p className="text-muted-foreground mb-2 text-xs" data-testid="series-count">
                {state.agg} of {name} per {state.step} · {chart.series.length} {chart.series.length === 1 ? 'series' : 'series'}
              </p>
              <SeriesLineChart rows={chart.rows} series={chart.series} withDate={state.range.endsWith('d')} />
            </>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

function suggestStepFor(range: MetricsParams['range']) {
  const steps = stepsFor(range);
  const preferred = parseMetricsParams(new URLSearchParams({ range })).step;
  return steps.includes(preferred) ? preferred : (steps[0] ?? suggestStep(0));
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-1.5">
      <Label className="text-muted-foreground text-xs">{label}</Label>
      {children}
    </div>
  );
}
