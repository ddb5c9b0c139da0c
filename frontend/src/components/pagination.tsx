import { ChevronLeft, ChevronRight } from 'lucide-react';
import { Button } from '@/components/ui/button';
import { formatCount } from '@/lib/format';

export function Pagination({
  page,
  totalPages,
  totalItems,
  onPage,
}: {
  page: number;
  totalPages: number;
  totalItems: number;
  onPage: (page: number) => void;
}) {
  return (
    <div className="text-muted-foreground flex items-center justify-between gap-4 text-sm" data-testid="pagination">
      <span>
        {formatCount(totalItems)} {totalItems === 1 ? 'item' : 'items'}
      </span>
      <div className="flex items-center gap-2">
        <span>
          Page {totalPages === 0 ? 0 : page} of {totalPages}
        </span>
        <Button variant="outline" size="icon" aria-label="Previous page" disabled={page <= 1} onClick={() => onPage(page - 1)}>
          <ChevronLeft />
        </Button>
        <Button variant="outline" size="icon" aria-label="Next page" disabled={page >= totalPages} onClick={() => onPage(page + 1)}>
          <ChevronRight />
        </Button>
      </div>
    </div>
  );
}
