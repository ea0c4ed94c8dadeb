import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type UserRow, users } from "../../../db/schema";
import { conflict } from "../../lib/errors";

export interface CreateUserInput {
  username: string;
  email: string;
}

export interface CreateUserResult {
  user: UserRow;
  created: boolean;
}

/**
 * Creates a user. Posting exactly the same username and email again returns the existing
 * user (the seed's idempotent create); a clash on either alone is a 409.
 */
export async function createUser(db: Database, input: CreateUserInput): Promise<CreateUserResult> {
  const [inserted] = await db
    .insert(users)
    .values({ username: input.username, email: input.email })
    .onConflictDoNothing()
    .returning();
  if (inserted) return { user: inserted, created: true };
  const [existing] = await db
    .select()
    .from(users)
    .where(and(eq(users.username, input.username), eq(users.email, input.email)))
    .limit(1);
  if (existing) return { user: existing, created: false };
  throw conflict("username or email already exists");
}
