import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type UserRow, users } from "../../../db/schema";
import { conflict, notFound } from "../../lib/errors";
import { isConstraintViolation, PG_UNIQUE_VIOLATION } from "../../lib/postgres-errors";

export interface UpdateUserInput {
  username?: string | undefined;
  email?: string | undefined;
}

export async function updateUser(db: Database, id: number, changes: UpdateUserInput): Promise<UserRow> {
  try {
    const [row] = await db.update(users).set(changes).where(eq(users.id, id)).returning();
    if (!row) throw notFound("user not found");
    return row;
  } catch (error) {
    if (isConstraintViolation(error, PG_UNIQUE_VIOLATION)) throw conflict("username or email already exists");
    throw error;
  }
}
