import type { Database } from "../../../db/client";
import { badRequest } from "../../lib/errors";
import { findPostgresError, PG_FOREIGN_KEY_VIOLATION } from "../../lib/postgres-errors";
import { type AuditEventInput, recordEvent } from "./record-event";
import type { LinkEventRow } from "./serialize";

export type CreateEventInput = AuditEventInput;

/** A client-posted event. An unknown url_id or user_id is the client's mistake: 400. */
export async function createEvent(db: Database, input: CreateEventInput): Promise<LinkEventRow> {
  try {
    return await recordEvent(db, input);
  } catch (error) {
    const pgError = findPostgresError(error);
    if (pgError?.code === PG_FOREIGN_KEY_VIOLATION) {
      const field = pgError.constraint?.includes("user_id") ? "user_id" : "url_id";
      throw badRequest(`invalid ${field}: no such ${field === "user_id" ? "user" : "url"}`);
    }
    throw error;
  }
}
