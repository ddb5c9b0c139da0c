import { useMemo, useState } from 'react';
import { AlertTriangle, ChevronDown, ChevronRight } from 'lucide-react';
import { formatDurationMs } from '@/lib/format';
import { cn } from '@/lib/utils';
import type { Observation } from '@/types/api';
import { buildObservationTree, errorPaths, flattenTree, isErrorLevel } from '../lib/observation-tree';
import { axisTicks, buildTimeline } from '../lib/timeline';

const BAR_COLOR: Record<string, string> = {
  GENERATION: 'bg-violet-500',
  SPAN: 'bg-sky-500',
  EVENT: 'bg-amber-500',
  TOOL: 'bg-teal-500',
  AGENT: 'bg-indigo-500',
};

const TYPE_TEXT: Record<string, string> = {
  GENERATION: 'text-violet-700 dark:text-violet-400',
  SPAN: 'text-sky-700 dark:text-sky-400',
  EVENT: 'text-amber-700 dark:text-amber-400',
};

/**
 * The observation tree beside a waterfall: one row per observation, indented by depth, with
 * its bar on a time axis shared by the whole trace. Errors (and the path down to them) are red.
 */
export function ObservationWaterfall({
  observations,
  traceTimestamp,
  selectedId,
  onSelect,
}: {
  observations: Observation[];
  traceTimestamp: string;
  selectedId: string | null;
  onSelect: (id: string | null) => void;
}) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const tree = useMemo(() => buildObservationTree(observations), [observations]);
  const timeline = useMemo(() => buildTimeline(observations, traceTimestamp), [observations, traceTimestamp]);
  const onErrorPath = useMemo(() => errorPaths(tree), [tree]);
  const rows = flattenTree(tree, collapsed);
  const ticks = axisTicks(timeline.durationMs);
  const scale = timeline.durationMs || 1;

  const toggle = (id: string) => {
    const next = new Set(collapsed);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setCollapsed(next);
  };

  return (
    <div className="overflow-hidden rounded-lg border text-sm" data-testid="observation-waterfall" role="tree" aria-label="Observations">
      <div className="bg-muted/50 grid grid-cols-[minmax(14rem,2fr)_3fr] border-b text-xs">
        <div className="px-3 py-2 font-medium">Observation</div>
        <div className="relative h-8" aria-hidden>
          {ticks.map((tick, index) => (
            <span
              key={tick}
              className={cn('text-muted-foreground absolute top-2 tabular-nums', index === 0 ? '' : tick / scale > 0.9 ? '-translate-x-full' : '-translate-x-1/2')}
              style={{ left: `${(tick / scale) * 96 + 2}%` }}
            >
              {formatDurationMs(tick)}
            </span>
          ))}
        </div>
      </div>
      <button
        type="button"
        className={cn('hover:bg-muted/50 grid w-full grid-cols-[minmax(14rem,2fr)_3fr] border-b text-left', selectedId === null && 'bg-muted')}
        onClick={() => onSelect(null)}
        role="treeitem"
        aria-selected={selectedId === null}
      >
        <span className="px-3 py-1.5 font-medium">Trace</span>
        <span className="relative my-2 mr-[2%] ml-[2%] h-3 rounded-sm bg-zinc-400/60" title={formatDurationMs(timeline.durationMs)} />
      </button>
      {rows.map(({ observation, depth, children }) => {
        const bar = timeline.bars.get(observation.id);
        const error = isErrorLevel(observation.level);
        const pathToError = !error && onErrorPath.has(observation.id);
        const selected = observation.id === selectedId;
        return (
          <div
            key={observation.id}
            className={cn(
              'hover:bg-muted/50 grid cursor-pointer grid-cols-[minmax(14rem,2fr)_3fr] border-b last:border-b-0',
              error ? (selected ? 'bg-red-100 dark:bg-red-950/60' : 'bg-red-50 dark:bg-red-950/30') : selected && 'bg-muted',
            )}
            onClick={() => onSelect(observation.id)}
            role="treeitem"
            aria-selected={selected}
            aria-level={depth + 1}
            data-testid="observation-row"
            data-observation-id={observation.id}
            data-level={observation.level}
          >
            <div className="flex min-w-0 items-center gap-1 py-1.5 pr-2" style={{ paddingLeft: `${0.75 + depth * 1.1}rem` }}>
              {children.length ? (
                <button
                  type="button"
                  className="hover:bg-accent rounded"
                  aria-label={collapsed.has(observation.id) ? 'Expand' : 'Collapse'}
                  onClick={(event) => {
                    event.stopPropagation();
                    toggle(observation.id);
                  }}
                >
                  {collapsed.has(observation.id) ? <ChevronRight className="size-4" /> : <ChevronDown className="size-4" />}
                </button>
              ) : (
                <span className="w-4 shrink-0" />
              )}
              <span className={cn('shrink-0 text-[10px] font-semibold tracking-wide', TYPE_TEXT[observation.type] ?? 'text-muted-foreground')}>
                {observation.type}
              </span>
              <span className={cn('truncate', (error || pathToError) && 'text-red-700 dark:text-red-400')}>{observation.name ?? observation.id}</span>
              {(error || (pathToError && collapsed.has(observation.id))) && <AlertTriangle className="size-3.5 shrink-0 text-red-600" aria-label="error" />}
            </div>
            <div className="relative mx-[2%] h-full min-h-7">
              {bar && (
                <>
                  {bar.durationMs === 0 && !bar.open ? (
                    <span
                      className={cn('absolute top-1/2 size-2.5 -translate-x-1/2 -translate-y-1/2 rotate-45', error ? 'bg-red-600' : (BAR_COLOR[observation.type] ?? 'bg-zinc-500'))}
                      style={{ left: `${bar.left * 100}%` }}
                      title={`${observation.name ?? observation.type} at +${formatDurationMs(bar.startMs)}`}
                    />
                  ) : (
                    <span
                      className={cn(
                        'absolute top-1/2 h-3 min-w-[2px] -translate-y-1/2 rounded-sm',
                        error ? 'bg-red-600' : (BAR_COLOR[observation.type] ?? 'bg-zinc-500'),
                        bar.open && 'opacity-50',
                      )}
                      style={{ left: `${bar.left * 100}%`, width: `${bar.width * 100}%` }}
                      title={`${formatDurationMs(bar.durationMs)} from +${formatDurationMs(bar.startMs)}${bar.open ? ' (not ended)' : ''}`}
                    />
                  )}
                  {bar.firstToken !== undefined && (
                    <span className="absolute top-1/2 h-4 w-0.5 -translate-y-1/2 bg-black/70 dark:bg-white/80" style={{ left: `${bar.firstToken * 100}%` }} title="first token" />
                  )}
                  <span
                    className="text-muted-foreground absolute top-1/2 -translate-y-1/2 px-1 text-[11px] whitespace-nowrap tabular-nums"
                    // Near the right edge the label goes before the bar instead of running off it.
                    style={bar.left + bar.width > 0.8 ? { right: `${(1 - bar.left) * 100}%` } : { left: `${(bar.left + bar.width) * 100}%` }}
                  >
                    {formatDurationMs(bar.durationMs)}
                  </span>
                </>
              )}
            </div>
          </div>
        );
      })}
    </div>
  );
}
