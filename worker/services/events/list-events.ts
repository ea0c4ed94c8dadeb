import { and, asc, eq, inArray, isNotNull, type SQL } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { events, urls } from "../../../db/schema";
import type { Window } from "../../lib/pagination";
import type { LinkEventRow } from "./serialize";

export interface EventFilters {
  urlId?: number | undefined;
  userId?: number | undefined;
  eventType?: string | undefined;
  /** Only events of this workspace's urls (a key's or a person's). */
  workspaceId?: number | undefined;
}

/** Link events only, as the seed's GET /events: a workspace's own events are in its audit log. */
export async function listEvents(db: Database, filters: EventFilters, window: Window): Promise<LinkEventRow[]> {
  const conditions: SQL[] = [isNotNull(events.urlId)];
  if (filters.urlId !== undefined) conditions.push(eq(events.urlId, filters.urlId));
  if (filters.userId !== undefined) conditions.push(eq(events.userId, filters.userId));
  if (filters.eventType !== undefined) conditions.push(eq(events.eventType, filters.eventType));
  if (filters.workspaceId !== undefined) {
    conditions.push(
      inArray(events.urlId, db.select({ id: urls.id }).from(urls).where(eq(urls.workspaceId, filters.workspaceId))),
    );
  }
  const rows = await db
    .select()
    .from(events)
    .where(and(...conditions))
    .orderBy(asc(events.id))
    .limit(window.limit)
    .offset(window.offset);
  return rows as LinkEventRow[];
}
