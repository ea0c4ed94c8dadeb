import { inArray, or } from "drizzle-orm";
import { users } from "../../../db/schema";
import { EMAIL_SHAPE } from "../mail/email-shape";
import { advanceIdSequence } from "./advance-sequence";
import { optionalId, optionalTimestamp, requiredText } from "./csv-fields";
import type { ImportPlan } from "./run-import";
import { explicitIds, rowsNotInserted, skipReasons } from "./skipped-rows";

const MAX_LENGTH = 255;

interface UserImportRow {
  id?: number | undefined;
  username: string;
  email: string;
  createdAt?: Date | undefined;
}

/** users.csv: username and email required; id and created_at kept when present. */
export const userImportPlan: ImportPlan<UserImportRow> = {
  requiredColumns: ["username", "email"],
  validate(record) {
    const username = requiredText("username", record.username, MAX_LENGTH);
    if (!username.ok) return username.error;
    const email = requiredText("email", record.email, MAX_LENGTH);
    if (!email.ok) return email.error;
    if (!EMAIL_SHAPE.test(email.value)) return "email is not a valid address";
    const id = optionalId("id", record.id);
    if (!id.ok) return id.error;
    const createdAt = optionalTimestamp("created_at", record.created_at);
    if (!createdAt.ok) return createdAt.error;
    return { id: id.value, username: username.value, email: email.value, createdAt: createdAt.value };
  },
  async insertBatch(tx, batch) {
    // Duplicates (same id, username or email) are skipped, as in the seed, and said why.
    const inserted = await tx
      .insert(users)
      .values(batch.map(({ value }) => value))
      .onConflictDoNothing()
      .returning({ username: users.username });
    const skipped = rowsNotInserted(
      batch,
      inserted.map((row) => row.username),
      (value) => value.username,
    );
    if (skipped.length === 0) return { inserted: inserted.length, rejected: [], skipped: [] };
    const ids = explicitIds(skipped);
    const holders = await tx
      .select({ id: users.id, username: users.username, email: users.email })
      .from(users)
      .where(
        or(
          ids.length > 0 ? inArray(users.id, ids) : undefined,
          inArray(
            users.username,
            skipped.map(({ value }) => value.username),
          ),
          inArray(
            users.email,
            skipped.map(({ value }) => value.email),
          ),
        ),
      );
    const taken = (field: "id" | "username" | "email") => new Set<unknown>(holders.map((holder) => holder[field]));
    const [takenIds, takenNames, takenEmails] = [taken("id"), taken("username"), taken("email")];
    return {
      inserted: inserted.length,
      rejected: [],
      skipped: skipReasons(skipped, [
        { field: "id", taken: (value) => value.id !== undefined && takenIds.has(value.id) },
        { field: "username", taken: (value) => takenNames.has(value.username) },
        { field: "email", taken: (value) => takenEmails.has(value.email) },
      ]),
    };
  },
  finish: (tx) => advanceIdSequence(tx, "users"),
};
