import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { urls } from "../../../db/schema";

/** The destination of an active short code, or undefined. One indexed query. */
export async function findActiveDestination(db: Database, shortCode: string): Promise<string | undefined> {
  const [row] = await db
    .select({ originalUrl: urls.originalUrl })
    .from(urls)
    .where(and(eq(urls.shortCode, shortCode), eq(urls.isActive, true)))
    .limit(1);
  return row?.originalUrl;
}
