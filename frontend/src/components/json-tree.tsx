import { useState } from 'react';
import { ChevronDown, ChevronRight } from 'lucide-react';
import { cn } from '@/lib/utils';

/** A collapsible view of any JSON value; containers deeper than `expandDepth` start closed. */
export function JsonTree({ value, expandDepth = 2, className }: { value: unknown; expandDepth?: number; className?: string }) {
  return (
    <div className={cn('font-mono text-xs leading-5 break-all', className)} data-testid="json-tree">
      <JsonNode value={value} depth={0} expandDepth={expandDepth} />
    </div>
  );
}

function JsonNode({ name, value, depth, expandDepth }: { name?: string; value: unknown; depth: number; expandDepth: number }) {
  const [open, setOpen] = useState(depth < expandDepth);
  const isArray = Array.isArray(value);
  const isContainer = isArray || (typeof value === 'object' && value !== null);
  const label = name !== undefined && <span className="text-sky-700 dark:text-sky-400">{name}: </span>;

  if (!isContainer) {
    return (
      <div style={{ paddingLeft: depth ? 16 : 0 }}>
        {label}
        <Scalar value={value} />
      </div>
    );
  }
  const entries = isArray ? (value as unknown[]).map((item, index) => [String(index), item] as const) : Object.entries(value as object);
  const [openBracket, closeBracket] = isArray ? ['[', ']'] : ['{', '}'];
  return (
    <div style={{ paddingLeft: depth ? 16 : 0 }}>
      <button
        type="button"
        className="hover:bg-muted -ml-4 inline-flex items-center rounded text-left"
        onClick={() => setOpen(!open)}
        aria-expanded={open}
      >
        {open ? <ChevronDown className="size-4" /> : <ChevronRight className="size-4" />}
        {label}
        <span className="text-muted-foreground">
          {openBracket}
          {!open && ` ${entries.length} ${isArray ? (entries.length === 1 ? 'item' : 'items') : entries.length === 1 ? 'key' : 'keys'} ${closeBracket}`}
        </span>
      </button>
      {open && (
        <>
          {entries.map(([key, item]) => (
            <JsonNode key={key} name={isArray ? undefined : key} value={item} depth={depth + 1} expandDepth={expandDepth} />
          ))}
          <div className="text-muted-foreground">{closeBracket}</div>
        </>
      )}
    </div>
  );
}

function Scalar({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-muted-foreground">null</span>;
  if (typeof value === 'string') return <span className="whitespace-pre-wrap text-emerald-700 dark:text-emerald-400">&quot;{value}&quot;</span>;
  if (typeof value === 'number') return <span className="text-amber-700 dark:text-amber-400">{value}</span>;
  if (typeof value === 'boolean') return <span className="text-violet-700 dark:text-violet-400">{String(value)}</span>;
  return <span>{String(value)}</span>;
}
