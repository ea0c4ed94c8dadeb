import { eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { events, urls } from "../../../db/schema";
import { VALIDITY_WINDOW_MESSAGE } from "../../domain/link-state";
import { badRequest, notFound } from "../../lib/errors";
import { findPostgresError, PG_CHECK_VIOLATION, PG_FOREIGN_KEY_VIOLATION } from "../../lib/postgres-errors";
import { serializeDetails } from "../events/record-event";
import { UNCHECKED_HEALTH } from "../link-health/store-health";
import { LINK_COLUMNS, type LinkRow, setLinkTagStatements } from "../tags/link-tags";
import { type LinkSettings, settingsDetails } from "./link-settings";

export interface UrlChanges extends LinkSettings {
  originalUrl?: string | undefined;
  title?: string | null | undefined;
  isActive?: boolean | undefined;
  /** The link's tags from now on (replacing them all); undefined leaves them. */
  tags?: readonly string[] | undefined;
}

/**
 * Applies the changes and writes the "updated" audit event as one batch (one round trip, one
 * transaction). actorId is who made the change (the seed's body user_id): recorded on the event,
 * never moved onto the link. The event's foreign keys answer for both ids: no such link fails
 * events.url_id (404), no such actor events.user_id (400), and the update is rolled back with it.
 * New tags are the link owner's; they are set before the update, whose answer reads them back.
 */
export async function updateUrl(
  db: Database,
  id: number,
  changes: UrlChanges,
  actorId: number | null,
): Promise<LinkRow> {
  const { tags, ...columns } = changes;
  // The worker's clock, so the event can say when without reading the row back first.
  const updatedAt = new Date();
  const details: Record<string, unknown> = {};
  if (changes.originalUrl !== undefined) details.original_url = changes.originalUrl;
  if (changes.title !== undefined) details.title = changes.title;
  if (changes.isActive !== undefined) details.is_active = changes.isActive;
  Object.assign(details, settingsDetails(columns));
  if (tags !== undefined) details.tags = tags;
  details.updated_at = updatedAt.toISOString();
  try {
    const update = db
      .update(urls)
      .set({
        ...columns,
        updatedAt,
        // A new or removed password revokes every unlock cookie given for the old one.
        ...(changes.passwordHash === undefined ? {} : { passwordVersion: sql`${urls.passwordVersion} + 1` }),
        // A new destination has not been checked: its health starts over, due now.
        ...(changes.originalUrl === undefined ? {} : UNCHECKED_HEALTH),
      })
      .where(eq(urls.id, id))
      .returning(LINK_COLUMNS);
    const event = db
      .insert(events)
      .values({ urlId: id, userId: actorId, eventType: "updated", details: serializeDetails(details) });
    const owner = sql`(SELECT user_id FROM ${urls} WHERE id = ${id})`;
    const [row] =
      tags === undefined
        ? (await db.batch([update, event]))[0]
        : (await db.batch([...setLinkTagStatements(db, sql`${id}::integer`, owner, tags), update, event]))[3];
    if (!row) throw notFound("url not found");
    return row;
  } catch (error) {
    const pgError = findPostgresError(error);
    // The link's other end of the window is already stored: the constraint compares the two.
    if (pgError?.code === PG_CHECK_VIOLATION && pgError.constraint === "urls_validity_window_check") {
      throw badRequest(VALIDITY_WINDOW_MESSAGE);
    }
    if (pgError?.code !== PG_FOREIGN_KEY_VIOLATION) throw error;
    if (pgError.constraint === "events_user_id_users_id_fk") throw badRequest(`user_id ${actorId} does not exist`);
    throw notFound("url not found");
  }
}
