import type { Database } from "../../../db/client";
import { events } from "../../../db/schema";
import type { Actor } from "../../domain/audit-actor";
import type { LinkEventRow } from "./serialize";

export interface AuditEventInput {
  urlId: number;
  userId: number | null;
  /** Who posted it: the person, the key or the operator. */
  actor: Actor;
  eventType: string;
  details: unknown;
}

/** Strings are stored as given (the seed did); anything else as JSON text. */
export function serializeDetails(details: unknown): string | null {
  if (details === null || details === undefined) return null;
  return typeof details === "string" ? details : JSON.stringify(details);
}

/** Writes one audit event on its own (an event a client posts). */
export async function recordEvent(db: Database, input: AuditEventInput): Promise<LinkEventRow> {
  const [row] = await db
    .insert(events)
    .values({
      urlId: input.urlId,
      userId: input.userId,
      actorKind: input.actor.kind,
      actorKeyId: input.actor.keyId,
      eventType: input.eventType,
      details: serializeDetails(input.details),
    })
    .returning();
  if (!row) throw new Error("event insert returned no row");
  return { ...row, urlId: input.urlId };
}
