import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type UserRow, users } from "../../../db/schema";
import { notFound } from "../../lib/errors";

export async function getUserOrThrow(db: Database, id: number): Promise<UserRow> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!row) throw notFound("user not found");
  return row;
}
