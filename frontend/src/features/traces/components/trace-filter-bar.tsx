import { type FormEvent, useEffect, useState } from 'react';
import { Filter, X } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { NativeSelect, NativeSelectOption } from '@/components/ui/native-select';
import { TimeRangeSelect } from '@/components/time-range-select';
import { DEFAULT_ORDER, DEFAULT_RANGE, LEVELS, splitList, type TraceFilters } from '../lib/trace-filters';

interface Draft {
  name: string;
  userId: string;
  sessionId: string;
  tags: string;
  environment: string;
  release: string;
}

function draftOf(filters: TraceFilters): Draft {
  return {
    name: filters.name ?? '',
    userId: filters.userId ?? '',
    sessionId: filters.sessionId ?? '',
    tags: filters.tags.join(', '),
    environment: filters.environment.join(', '),
    release: filters.release ?? '',
  };
}

const FIELDS: Array<{ key: keyof Draft; label: string; placeholder: string }> = [
  { key: 'name', label: 'Name', placeholder: 'Trace name' },
  { key: 'userId', label: 'User', placeholder: 'User id' },
  { key: 'sessionId', label: 'Session', placeholder: 'Session id' },
  { key: 'tags', label: 'Tags', placeholder: 'tag-a, tag-b (all of)' },
  { key: 'environment', label: 'Environment', placeholder: 'production, staging' },
  { key: 'release', label: 'Release', placeholder: 'Release' },
];

/** Text filters apply on Enter or "Apply"; the selects apply at once. Every change goes back to page 1. */
export function TraceFilterBar({ filters, onChange }: { filters: TraceFilters; onChange: (filters: TraceFilters) => void }) {
  const [draft, setDraft] = useState(() => draftOf(filters));
  useEffect(() => setDraft(draftOf(filters)), [filters]);

  const apply = (event?: FormEvent) => {
    event?.preventDefault();
    onChange({
      ...filters,
      name: draft.name.trim() || undefined,
      userId: draft.userId.trim() || undefined,
      sessionId: draft.sessionId.trim() || undefined,
      release: draft.release.trim() || undefined,
      tags: splitList([draft.tags]),
      environment: splitList([draft.environment]),
      page: 1,
    });
  };
  const clear = () =>
    onChange({ range: DEFAULT_RANGE, tags: [], environment: [], orderBy: DEFAULT_ORDER, page: 1, limit: filters.limit });

  return (
    <form onSubmit={apply} className="flex flex-col gap-3" aria-label="Trace filters">
      <div className="grid grid-cols-2 gap-2 md:grid-cols-3 xl:grid-cols-6">
        {FIELDS.map((field) => (
          <Input
            key={field.key}
            aria-label={field.label}
            name={field.key}
            placeholder={field.placeholder}
            value={draft[field.key]}
            onChange={(event) => setDraft({ ...draft, [field.key]: event.target.value })}
          />
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <TimeRangeSelect value={filters.range} onChange={(range) => onChange({ ...filters, range, from: undefined, to: undefined, page: 1 })} />
        <NativeSelect aria-label="Level" value={filters.level ?? ''} onChange={(event) => onChange({ ...filters, level: LEVELS.find((level) => level === event.target.value), page: 1 })}>
          <NativeSelectOption value="">Any level</NativeSelectOption>
          {LEVELS.map((level) => (
            <NativeSelectOption key={level} value={level}>
              Has {level.toLowerCase()} observation
            </NativeSelectOption>
          ))}
        </NativeSelect>
        <Button type="submit">
          <Filter /> Apply
        </Button>
        <Button type="button" variant="ghost" onClick={clear}>
          <X /> Clear
        </Button>
      </div>
    </form>
  );
}
