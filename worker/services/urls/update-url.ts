import { eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { events, type UrlRow, urls } from "../../../db/schema";
import { badRequest, notFound } from "../../lib/errors";
import { VALIDITY_WINDOW_MESSAGE } from "../../lib/link-state";
import { findPostgresError, PG_CHECK_VIOLATION, PG_FOREIGN_KEY_VIOLATION } from "../../lib/postgres-errors";
import { serializeDetails } from "../events/record-event";
import { UNCHECKED_HEALTH } from "../link-health/store-health";
import { type LinkSettings, settingsDetails } from "./link-settings";

export interface UrlChanges extends LinkSettings {
  originalUrl?: string | undefined;
  title?: string | null | undefined;
  isActive?: boolean | undefined;
}

/**
 * Applies the changes and writes the "updated" audit event as one batch (one round trip, one
 * transaction). actorId is who made the change (the seed's body user_id): recorded on the event,
 * never moved onto the link. The event's foreign keys answer for both ids: no such link fails
 * events.url_id (404), no such actor events.user_id (400), and the update is rolled back with it.
 */
export async function updateUrl(
  db: Database,
  id: number,
  changes: UrlChanges,
  actorId: number | null,
): Promise<UrlRow> {
  // The worker's clock, so the event can say when without reading the row back first.
  const updatedAt = new Date();
  const details: Record<string, unknown> = {};
  if (changes.originalUrl !== undefined) details.original_url = changes.originalUrl;
  if (changes.title !== undefined) details.title = changes.title;
  if (changes.isActive !== undefined) details.is_active = changes.isActive;
  Object.assign(details, settingsDetails(changes));
  details.updated_at = updatedAt.toISOString();
  try {
    const [[row]] = await db.batch([
      db
        .update(urls)
        .set({
          ...changes,
          updatedAt,
          // A new or removed password revokes every unlock cookie given for the old one.
          ...(changes.passwordHash === undefined ? {} : { passwordVersion: sql`${urls.passwordVersion} + 1` }),
          // A new destination has not been checked: its health starts over, due now.
          ...(changes.originalUrl === undefined ? {} : UNCHECKED_HEALTH),
        })
        .where(eq(urls.id, id))
        .returning(),
      db
        .insert(events)
        .values({ urlId: id, userId: actorId, eventType: "updated", details: serializeDetails(details) }),
    ]);
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
