import { useSearchParams } from 'react-router';
import { Card, CardContent } from '@/components/ui/card';
import { PageHeader } from '@/components/page-header';
import { Pagination } from '@/components/pagination';
import { EmptyState, ErrorState, LoadingState } from '@/components/states';
import { LEVEL_SCAN, useTraces } from '../api/list-traces';
import { parseTraceFilters, traceFiltersToParams, type TraceFilters } from '../lib/trace-filters';
import { TraceFilterBar } from './trace-filter-bar';
import { TracesTable } from './traces-table';

export function TracesPage() {
  const [params, setParams] = useSearchParams();
  const filters = parseTraceFilters(params);
  const traces = useTraces(filters);
  const update = (next: TraceFilters) => setParams(traceFiltersToParams(next));

  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="Traces" description="Every request, chat turn and agent run, newest first. The URL keeps the filters: share it." />
      <TraceFilterBar filters={filters} onChange={update} />
      {filters.level && (
        <p className="text-muted-foreground text-xs">
          The level filter is applied in the browser over at most {LEVEL_SCAN.observationPages * LEVEL_SCAN.observationPageSize} matching
          observations and {LEVEL_SCAN.tracePages * LEVEL_SCAN.tracePageSize} traces of the range.
        </p>
      )}
      <Card className="py-2">
        <CardContent className="px-2">
          {traces.isPending ? (
            <LoadingState rows={8} className="p-2" />
          ) : traces.isError ? (
            <ErrorState error={traces.error} onRetry={() => traces.refetch()} />
          ) : traces.data.data.length === 0 ? (
            <EmptyState title="No traces match">Widen the time range or clear some filters. New traces show up here as soon as they are ingested.</EmptyState>
          ) : (
            <div className={traces.isPlaceholderData ? 'opacity-60 transition-opacity' : undefined}>
              <TracesTable traces={traces.data.data} orderBy={filters.orderBy} onOrderBy={(orderBy) => update({ ...filters, orderBy, page: 1 })} />
            </div>
          )}
        </CardContent>
      </Card>
      {traces.data && traces.data.meta.totalItems > 0 && (
        <Pagination page={filters.page} totalPages={traces.data.meta.totalPages} totalItems={traces.data.meta.totalItems} onPage={(page) => update({ ...filters, page })} />
      )}
    </div>
  );
}
