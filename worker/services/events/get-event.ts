import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type EventRow, events } from "../../../db/schema";
import { notFound } from "../../lib/errors";

export async function getEventOrThrow(db: Database, id: number): Promise<EventRow> {
  const [row] = await db.select().from(events).where(eq(events.id, id)).limit(1);
  if (!row) throw notFound("not found");
  return row;
}
