import { ArrowDown, ArrowUp, ArrowUpDown } from 'lucide-react';
import { Link } from 'react-router';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { formatCost, formatDateTime, formatSeconds } from '@/lib/format';
import type { Trace } from '@/types/api';
import { SORTABLE, toggleOrder } from '../lib/trace-filters';

const COLUMNS: Array<{ key: string; label: string; sort?: (typeof SORTABLE)[number]; align?: 'right' }> = [
  { key: 'timestamp', label: 'Time', sort: 'timestamp' },
  { key: 'name', label: 'Name', sort: 'name' },
  { key: 'userId', label: 'User', sort: 'userId' },
  { key: 'sessionId', label: 'Session', sort: 'sessionId' },
  { key: 'tags', label: 'Tags' },
  { key: 'environment', label: 'Env' },
  { key: 'observations', label: 'Obs.', align: 'right' },
  { key: 'latency', label: 'Latency', sort: 'latency', align: 'right' },
  { key: 'totalCost', label: 'Cost', sort: 'totalCost', align: 'right' },
];

export function TracesTable({ traces, orderBy, onOrderBy }: { traces: Trace[]; orderBy: string; onOrderBy: (orderBy: string) => void }) {
  const [sortField, sortDirection] = orderBy.split('.');
  return (
    <Table data-testid="traces-table">
      <TableHeader>
        <TableRow>
          {COLUMNS.map((column) => (
            <TableHead key={column.key} className={column.align === 'right' ? 'text-right' : undefined} aria-sort={sortField === column.sort ? (sortDirection === 'asc' ? 'ascending' : 'descending') : undefined}>
              {column.sort ? (
                <button type="button" className="hover:text-foreground inline-flex items-center gap-1" onClick={() => onOrderBy(toggleOrder(orderBy, column.sort!))}>
                  {column.label}
                  {sortField !== column.sort ? <ArrowUpDown className="size-3 opacity-40" /> : sortDirection === 'asc' ? <ArrowUp className="size-3" /> : <ArrowDown className="size-3" />}
                </button>
              ) : (
                column.label
              )}
            </TableHead>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {traces.map((trace) => (
          <TableRow key={trace.id} data-testid="trace-row">
            <TableCell className="font-mono text-xs">
              <Link to={`/traces/${encodeURIComponent(trace.id)}`} className="hover:underline">
                {formatDateTime(trace.timestamp)}
              </Link>
            </TableCell>
            <TableCell className="max-w-64 truncate font-medium">
              <Link to={`/traces/${encodeURIComponent(trace.id)}`} className="hover:underline">
                {trace.name ?? <span className="text-muted-foreground italic">unnamed</span>}
              </Link>
            </TableCell>
            <TableCell className="max-w-40 truncate">{trace.userId ?? '–'}</TableCell>
            <TableCell className="max-w-40 truncate">
              {trace.sessionId ? (
                <Link to={`/sessions/${encodeURIComponent(trace.sessionId)}`} className="hover:underline">
                  {trace.sessionId}
                </Link>
              ) : (
                '–'
              )}
            </TableCell>
            <TableCell>
              <div className="flex max-w-56 flex-wrap gap-1">
                {trace.tags.map((tag) => (
                  <Badge key={tag} variant="secondary">
                    {tag}
                  </Badge>
                ))}
              </div>
            </TableCell>
            <TableCell>{trace.environment}</TableCell>
            <TableCell className="text-right tabular-nums">{trace.observations?.length ?? '–'}</TableCell>
            <TableCell className="text-right tabular-nums">{formatSeconds(trace.latency)}</TableCell>
            <TableCell className="text-right tabular-nums">{trace.totalCost === null || trace.totalCost < 0 ? '–' : formatCost(trace.totalCost)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
