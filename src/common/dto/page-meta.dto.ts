/** Paging of a list response. */
export class PageMetaDto {
  /** The page returned, from 1. */
  page: number;
  /** Items per page. */
  limit: number;
  /** Items matching the filters, on all pages. */
  totalItems: number;
  /** `ceil(totalItems / limit)`; 0 when nothing matches. */
  totalPages: number;
}

export function pageMeta(page: number, limit: number, totalItems: number): PageMetaDto {
  return { page, limit, totalItems, totalPages: Math.ceil(totalItems / limit) };
}
