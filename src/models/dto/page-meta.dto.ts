/** Paging of a list response. */
export class PageMetaDto {
  /** The page returned, from 1. */
  page: number;
  /** Items per page. */
  limit: number;
  /** Items on all pages. */
  totalItems: number;
  /** `ceil(totalItems / limit)`; 0 when there are none. */
  totalPages: number;
}
