import { and, count, eq, notExists } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { urls, users } from "../../../db/schema";
import { conflict, notFound } from "../../lib/errors";
import { findPostgresError, isForeignKeyViolation } from "../../lib/postgres-errors";

const stillOwns = (total: number) =>
  conflict(`user still owns ${total} url${total === 1 ? "" : "s"}; delete or reassign them first`);

/**
 * Hard-deletes a user who owns no links, in one batch (one round trip): how many links they own,
 * and a delete that only happens when that is none. Their past audit events stay, with user_id cleared.
 */
export async function deleteUser(db: Database, id: number): Promise<void> {
  const ownsNothing = notExists(db.select({ id: urls.id }).from(urls).where(eq(urls.userId, id)));
  try {
    const [[owned], deleted] = await db.batch([
      db.select({ total: count() }).from(urls).where(eq(urls.userId, id)),
      db
        .delete(users)
        .where(and(eq(users.id, id), ownsNothing))
        .returning({ id: users.id }),
    ]);
    const total = owned?.total ?? 0;
    if (total > 0) throw stillOwns(total);
    if (deleted.length === 0) throw notFound("user not found");
  } catch (error) {
    // A link created for this user between the count and the delete.
    if (isForeignKeyViolation(findPostgresError(error)))
      throw conflict("user still owns urls; delete or reassign them first");
    throw error;
  }
}
