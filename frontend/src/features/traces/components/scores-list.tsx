import { Badge } from '@/components/ui/badge';
import { formatDateTime } from '@/lib/format';
import type { Score } from '@/types/api';

export function ScoresList({ scores }: { scores: Score[] }) {
  return (
    <ul className="flex flex-col gap-2" data-testid="scores-list">
      {scores.map((score) => (
        <li key={score.id} className="flex flex-wrap items-baseline gap-2 text-sm">
          <span className="font-medium">{score.name}</span>
          <Badge variant="secondary" className="tabular-nums">
            {score.stringValue ?? (score.value === null ? '–' : String(Number(score.value.toFixed(4))))}
          </Badge>
          <span className="text-muted-foreground text-xs">{score.dataType}</span>
          {score.comment && <span className="text-muted-foreground">“{score.comment}”</span>}
          <span className="text-muted-foreground ml-auto text-xs">{formatDateTime(score.timestamp)}</span>
        </li>
      ))}
    </ul>
  );
}
