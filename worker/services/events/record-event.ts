import type { Database } from "../../../db/client";
import { type EventRow, events } from "../../../db/schema";

type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;

export interface AuditEventInput {
  urlId: number;
  userId: number | null;
  eventType: string;
  details: unknown;
}

/** Strings are stored as given (the seed did); anything else as JSON text. */
function serializeDetails(details: unknown): string | null {
  if (details === null || details === undefined) return null;
  return typeof details === "string" ? details : JSON.stringify(details);
}

/** Writes one audit event; call it inside the transaction of the write it describes. */
export async function recordEvent(executor: Executor, input: AuditEventInput): Promise<EventRow> {
  const [row] = await executor
    .insert(events)
    .values({
      urlId: input.urlId,
      userId: input.userId,
      eventType: input.eventType,
      details: serializeDetails(input.details),
    })
    .returning();
  if (!row) throw new Error("event insert returned no row");
  return row;
}
