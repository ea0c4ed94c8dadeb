import { asc } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type UserRow, users } from "../../../db/schema";
import type { Window } from "../../lib/pagination";

export function listUsers(db: Database, window: Window): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.id)).limit(window.limit).offset(window.offset);
}
