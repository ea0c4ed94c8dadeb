import { eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type UrlRow, urls } from "../../../db/schema";
import { notFound } from "../../lib/errors";
import { recordEvent } from "../events/record-event";
import { assertUserExists } from "../users/assert-user-exists";

export interface UrlChanges {
  originalUrl?: string | undefined;
  title?: string | null | undefined;
  isActive?: boolean | undefined;
}

/**
 * Applies the changes and writes the "updated" audit event in one transaction. actorId is
 * who made the change (the seed's body user_id): recorded on the event, never moved onto the link.
 */
export async function updateUrl(
  db: Database,
  id: number,
  changes: UrlChanges,
  actorId: number | null,
): Promise<UrlRow> {
  return db.transaction(async (tx) => {
    if (actorId !== null) await assertUserExists(tx, actorId);
    const [row] = await tx
      .update(urls)
      .set({ ...changes, updatedAt: sql`now()` })
      .where(eq(urls.id, id))
      .returning();
    if (!row) throw notFound("url not found");
    const details: Record<string, unknown> = {};
    if (changes.originalUrl !== undefined) details.original_url = changes.originalUrl;
    if (changes.title !== undefined) details.title = changes.title;
    if (changes.isActive !== undefined) details.is_active = changes.isActive;
    details.updated_at = row.updatedAt.toISOString();
    await recordEvent(tx, { urlId: row.id, userId: actorId, eventType: "updated", details });
    return row;
  });
}
