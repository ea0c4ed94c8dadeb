import { eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { urls } from "../../../db/schema";
import { notFound } from "../../lib/errors";
import { recordEvent } from "../events/record-event";

/**
 * Returns the link's short code. Soft delete: the link stops redirecting, its row and history stay. Deleting an already
 * inactive link succeeds without writing a second "deleted" event (nothing changed).
 */
export async function deactivateUrl(db: Database, id: number): Promise<string> {
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ isActive: urls.isActive, shortCode: urls.shortCode })
      .from(urls)
      .where(eq(urls.id, id))
      .for("update")
      .limit(1);
    if (!current) throw notFound("url not found");
    if (!current.isActive) return current.shortCode;
    await tx.update(urls).set({ isActive: false, updatedAt: sql`now()` }).where(eq(urls.id, id));
    await recordEvent(tx, {
      urlId: id,
      userId: null,
      eventType: "deleted",
      details: { short_code: current.shortCode },
    });
    return current.shortCode;
  });
}
