import { count, eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { urls, users } from "../../../db/schema";
import { conflict, notFound } from "../../lib/errors";
import { isConstraintViolation, PG_FOREIGN_KEY_VIOLATION } from "../../lib/postgres-errors";

/** Hard-deletes a user who owns no links. Their past audit events stay, with user_id cleared. */
export async function deleteUser(db: Database, id: number): Promise<void> {
  await db.transaction(async (tx) => {
    const [owned] = await tx.select({ total: count() }).from(urls).where(eq(urls.userId, id));
    const total = owned?.total ?? 0;
    if (total > 0) {
      throw conflict(`user still owns ${total} url${total === 1 ? "" : "s"}; delete or reassign them first`);
    }
    try {
      const deleted = await tx.delete(users).where(eq(users.id, id)).returning({ id: users.id });
      if (deleted.length === 0) throw notFound("user not found");
    } catch (error) {
      // A link created for this user between the count and the delete.
      if (isConstraintViolation(error, PG_FOREIGN_KEY_VIOLATION))
        throw conflict("user still owns urls; delete or reassign them first");
      throw error;
    }
  });
}
