import { and, asc, eq, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type UrlRow, urls } from "../../../db/schema";
import type { Window } from "../../lib/pagination";

export interface UrlFilters {
  userId?: number | undefined;
  isActive?: boolean | undefined;
}

export function listUrls(db: Database, filters: UrlFilters, window: Window): Promise<UrlRow[]> {
  const conditions: SQL[] = [];
  if (filters.userId !== undefined) conditions.push(eq(urls.userId, filters.userId));
  if (filters.isActive !== undefined) conditions.push(eq(urls.isActive, filters.isActive));
  return db
    .select()
    .from(urls)
    .where(and(...conditions))
    .orderBy(asc(urls.id))
    .limit(window.limit)
    .offset(window.offset);
}
