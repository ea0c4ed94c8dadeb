import { z } from "@hono/zod-openapi";
import { queryInt } from "./validation";

export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 1000;
// The seed returned every row when no page was asked for. We keep that for small tables but
// never build an unbounded response: without pagination a list stops at this many rows.
export const UNPAGINATED_MAX_ROWS = 5000;
const MAX_PAGE = 1_000_000;

export const PaginationQuery = z.object({
  page: queryInt("page", 0, MAX_PAGE).openapi({ description: "1-based page (0 is treated as 1)" }),
  per_page: queryInt("per_page", 0, MAX_PER_PAGE).openapi({ description: `rows per page, at most ${MAX_PER_PAGE}` }),
});

export interface Window {
  limit: number;
  offset: number;
}

/** The page a list request asks for (both absent: everything, up to UNPAGINATED_MAX_ROWS). */
export interface PageQuery {
  page?: number | undefined;
  per_page?: number | undefined;
}

export function resolveWindow(query: PageQuery): Window {
  if (query.page === undefined && query.per_page === undefined) {
    return { limit: UNPAGINATED_MAX_ROWS, offset: 0 };
  }
  const perPage = query.per_page ?? DEFAULT_PER_PAGE;
  const page = Math.max(query.page ?? 1, 1);
  return { limit: perPage, offset: (page - 1) * perPage };
}
