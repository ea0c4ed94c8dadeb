import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { urls } from "../../../db/schema";

// The redirect's one query, built once per client (clients live as long as the isolate): building
// it per request was a sixth of a redirect from Postgres' CPU.
const prepared = new WeakMap<Database, ReturnType<typeof prepare>>();

function prepare(db: Database) {
  return db
    .select({ originalUrl: urls.originalUrl })
    .from(urls)
    .where(and(eq(urls.shortCode, sql.placeholder("shortCode")), eq(urls.isActive, true)))
    .limit(1)
    .prepare("find_active_destination");
}

/** The destination of an active short code, or undefined. One indexed query. */
export async function findActiveDestination(db: Database, shortCode: string): Promise<string | undefined> {
  let query = prepared.get(db);
  if (!query) {
    query = prepare(db);
    prepared.set(db, query);
  }
  const [row] = await query.execute({ shortCode });
  return row?.originalUrl;
}
