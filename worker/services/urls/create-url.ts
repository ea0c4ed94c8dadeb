import { eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { events, urls } from "../../../db/schema";
import { generateShortCode, RESERVED_SHORT_CODES } from "../../domain/short-code";
import { AppError, badRequest, conflict } from "../../lib/errors";
import { findPostgresError, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION } from "../../lib/postgres-errors";
import { serializeDetails } from "../events/record-event";
import { LINK_COLUMNS, type LinkRow, setLinkTagStatements } from "../tags/link-tags";
import { type LinkSettings, settingsDetails } from "./link-settings";

// 62^6 codes: a collision needs a nearly full namespace; five misses in a row means trouble.
const MAX_GENERATION_ATTEMPTS = 5;

export interface CreateUrlInput {
  originalUrl: string;
  title: string | null;
  userId: number | null;
  /** A code the client chose; generated from the CSPRNG when absent. */
  shortCode?: string | undefined;
  settings?: LinkSettings;
  /** Tag names (distinct, validated): the owner's tags, created when new. */
  tags?: readonly string[] | undefined;
}

// The id the link's INSERT drew, on this batch's one connection.
const NEW_URL_ID = sql`currval(pg_get_serial_sequence('urls', 'id'))`;

/**
 * Inserts the link and its "created" audit event as one batch: one round trip, one transaction
 * that commits both rows or neither. The constraints do the checking: an unknown owner fails the
 * foreign key, a taken code the unique index (a generated code is then drawn again). Its tags are
 * set in the same batch, before the event (whose webhook payload carries them).
 */
export async function createUrl(db: Database, input: CreateUrlInput): Promise<LinkRow> {
  if (input.shortCode !== undefined && RESERVED_SHORT_CODES.has(input.shortCode.toLowerCase())) {
    throw badRequest(`short_code "${input.shortCode}" is reserved`);
  }
  const tags = input.tags ?? [];
  for (let attempt = 0; attempt < MAX_GENERATION_ATTEMPTS; attempt++) {
    const shortCode = input.shortCode ?? generateShortCode();
    try {
      const insert = db
        .insert(urls)
        .values({
          ...input.settings,
          shortCode,
          originalUrl: input.originalUrl,
          title: input.title,
          userId: input.userId,
        })
        .returning();
      const event = db.insert(events).values({
        urlId: NEW_URL_ID,
        userId: input.userId,
        eventType: "created",
        details: serializeDetails({
          short_code: shortCode,
          original_url: input.originalUrl,
          ...settingsDetails(input.settings ?? {}),
          ...(tags.length > 0 ? { tags } : {}),
        }),
      });
      if (tags.length === 0) {
        const [[row]] = await db.batch([insert, event]);
        if (!row) throw new Error("url insert returned no row");
        return { ...row, tags: [] };
      }
      const owner = sql`${input.userId}::integer`;
      const [, ...rest] = await db.batch([
        insert,
        ...setLinkTagStatements(db, NEW_URL_ID, owner, tags),
        event,
        db.select(LINK_COLUMNS).from(urls).where(eq(urls.id, NEW_URL_ID)),
      ]);
      const [row] = rest[rest.length - 1] as LinkRow[];
      if (!row) throw new Error("url insert returned no row");
      return row;
    } catch (error) {
      const pgError = findPostgresError(error);
      if (pgError?.code === PG_FOREIGN_KEY_VIOLATION && input.userId !== null) {
        throw badRequest(`user_id ${input.userId} does not exist`);
      }
      if (pgError?.code !== PG_UNIQUE_VIOLATION || pgError.constraint !== "urls_short_code_unique") throw error;
      if (input.shortCode !== undefined) throw conflict("short_code already exists");
    }
  }
  throw new AppError("INTERNAL", "could not generate unique short code");
}
