import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type UrlRow, urls } from "../../../db/schema";
import { notFound } from "../../lib/errors";

export async function getUrlOrThrow(db: Database, id: number): Promise<UrlRow> {
  const [row] = await db.select().from(urls).where(eq(urls.id, id)).limit(1);
  if (!row) throw notFound("url not found");
  return row;
}
