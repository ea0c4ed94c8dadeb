import { and, asc, eq, inArray, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type EventRow, events, urls } from "../../../db/schema";
import type { Window } from "../../lib/pagination";

export interface EventFilters {
  urlId?: number | undefined;
  userId?: number | undefined;
  eventType?: string | undefined;
  /** Only events of urls this user owns (an API key's scope). */
  ownerId?: number | undefined;
}

export function listEvents(db: Database, filters: EventFilters, window: Window): Promise<EventRow[]> {
  const conditions: SQL[] = [];
  if (filters.urlId !== undefined) conditions.push(eq(events.urlId, filters.urlId));
  if (filters.userId !== undefined) conditions.push(eq(events.userId, filters.userId));
  if (filters.eventType !== undefined) conditions.push(eq(events.eventType, filters.eventType));
  if (filters.ownerId !== undefined) {
    conditions.push(
      inArray(events.urlId, db.select({ id: urls.id }).from(urls).where(eq(urls.userId, filters.ownerId))),
    );
  }
  return db
    .select()
    .from(events)
    .where(and(...conditions))
    .orderBy(asc(events.id))
    .limit(window.limit)
    .offset(window.offset);
}
