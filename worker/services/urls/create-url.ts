import type { Database } from "../../../db/client";
import { type UrlRow, urls } from "../../../db/schema";
import { AppError, badRequest, conflict } from "../../lib/errors";
import { generateShortCode, RESERVED_SHORT_CODES } from "../../lib/short-code";
import { recordEvent } from "../events/record-event";
import { assertUserExists } from "../users/assert-user-exists";

// 62^6 codes: a collision needs a nearly full namespace; five misses in a row means trouble.
const MAX_GENERATION_ATTEMPTS = 5;

export interface CreateUrlInput {
  originalUrl: string;
  title: string | null;
  userId: number | null;
  /** A code the client chose; generated from the CSPRNG when absent. */
  shortCode?: string | undefined;
}

/** Inserts the link and its "created" audit event in one transaction. */
export async function createUrl(db: Database, input: CreateUrlInput): Promise<UrlRow> {
  if (input.shortCode !== undefined && RESERVED_SHORT_CODES.has(input.shortCode.toLowerCase())) {
    throw badRequest(`short_code "${input.shortCode}" is reserved`);
  }
  return db.transaction(async (tx) => {
    if (input.userId !== null) await assertUserExists(tx, input.userId);
    let row: UrlRow | undefined;
    for (let attempt = 0; attempt < MAX_GENERATION_ATTEMPTS && !row; attempt++) {
      // ON CONFLICT DO NOTHING keeps the transaction usable after a clash, so we can retry in it.
      [row] = await tx
        .insert(urls)
        .values({
          shortCode: input.shortCode ?? generateShortCode(),
          originalUrl: input.originalUrl,
          title: input.title,
          userId: input.userId,
        })
        .onConflictDoNothing({ target: urls.shortCode })
        .returning();
      if (!row && input.shortCode !== undefined) throw conflict("short_code already exists");
    }
    if (!row) throw new AppError("INTERNAL", "could not generate unique short code");
    await recordEvent(tx, {
      urlId: row.id,
      userId: input.userId,
      eventType: "created",
      details: { short_code: row.shortCode, original_url: row.originalUrl },
    });
    return row;
  });
}
