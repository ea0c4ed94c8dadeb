import { users } from "../../../db/schema";
import { EMAIL_SHAPE } from "../../lib/email";
import { advanceIdSequence } from "./advance-sequence";
import { optionalId, optionalTimestamp, requiredText } from "./csv-fields";
import type { ImportPlan } from "./run-import";

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
    // Duplicates (same id, username or email) are skipped, as in the seed.
    const inserted = await tx
      .insert(users)
      .values(batch.map(({ value }) => value))
      .onConflictDoNothing()
      .returning({ id: users.id });
    return { inserted: inserted.length, rejected: [] };
  },
  finish: (tx) => advanceIdSequence(tx, "users"),
};
