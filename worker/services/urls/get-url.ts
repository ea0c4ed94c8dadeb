import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { urls } from "../../../db/schema";
import { notFound } from "../../lib/errors";
import { LINK_COLUMNS, type LinkRow } from "../tags/link-tags";

export async function getUrlOrThrow(db: Database, id: number): Promise<LinkRow> {
  const [row] = await db.select(LINK_COLUMNS).from(urls).where(eq(urls.id, id)).limit(1);
  if (!row) throw notFound("url not found");
  return row;
}
