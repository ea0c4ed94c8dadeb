// One event by id, scoped to its link's workspace in the same query: another workspace's event and a missing one
// cost the same single query and give the same 404, so neither the answer nor its timing tells
// which ids exist.
import { and, eq, exists, isNotNull, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { events, urls } from "../../../db/schema";
import { notFound } from "../../lib/errors";
import type { LinkEventRow } from "./serialize";

/** The link event, or a 404; with workspaceId, only an event of one of that workspace's urls. */
export async function getEventOrThrow(db: Database, id: number, workspaceId?: number): Promise<LinkEventRow> {
  const owned =
    workspaceId === undefined
      ? undefined
      : exists(
          db
            .select({ one: sql`1` })
            .from(urls)
            .where(and(eq(urls.id, events.urlId), eq(urls.workspaceId, workspaceId))),
        );
  const [row] = await db
    .select()
    .from(events)
    .where(and(eq(events.id, id), isNotNull(events.urlId), owned))
    .limit(1);
  if (!row) throw notFound("not found");
  return row as LinkEventRow;
}
