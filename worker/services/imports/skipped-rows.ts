// Which rows of a batch an `INSERT ... ON CONFLICT DO NOTHING` skipped, and why.
import type { NumberedRow, SkippedRow } from "./run-import";

/**
 * The rows whose unique key did not come back from the insert. Rows go in in order and the first
 * of two with the same key wins, so each returned key accounts for its first row only.
 */
export function rowsNotInserted<T>(batch: NumberedRow<T>[], insertedKeys: string[], keyOf: (value: T) => string) {
  const inserted = new Set(insertedKeys);
  return batch.filter(({ value }) => !inserted.delete(keyOf(value)));
}

/** Says which of a skipped row's unique fields were already taken: "username already exists, email already exists". */
export function skipReasons<T>(
  skipped: NumberedRow<T>[],
  checks: { field: string; taken: (value: T) => boolean }[],
): SkippedRow[] {
  return skipped.map(({ row, value }) => {
    const reasons = checks.filter((check) => check.taken(value)).map((check) => `${check.field} already exists`);
    return { row, reason: reasons.join(", ") || "already exists" };
  });
}

/** The ids the skipped rows gave explicitly (an id column is optional in every import). */
export function explicitIds<T extends { id?: number | undefined }>(rows: NumberedRow<T>[]): number[] {
  return rows.flatMap(({ value }) => (value.id === undefined ? [] : [value.id]));
}
