import { eq } from "drizzle-orm";
import { users } from "../../../db/schema";
import { badRequest } from "../../lib/errors";
import type { Executor } from "../events/record-event";

/** A user_id in a request body must name an existing user: a 400, not a foreign-key 500. */
export async function assertUserExists(executor: Executor, userId: number): Promise<void> {
  const [row] = await executor.select({ id: users.id }).from(users).where(eq(users.id, userId)).limit(1);
  if (!row) throw badRequest(`user_id ${userId} does not exist`);
}
