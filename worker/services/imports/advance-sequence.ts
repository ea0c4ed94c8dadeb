import { sql } from "drizzle-orm";
import type { ImportTransaction } from "./run-import";

const SEQUENCED_TABLES = new Set(["users", "urls", "events"]);

/**
 * Moves a serial id sequence past the largest id in its table, and only ever forward. Rows
 * imported with explicit ids do not advance it, and the next insert would otherwise collide (the
 * seed's bug 12); moving it back to MAX(id) after the newest row was deleted would hand that id
 * out again, and whatever still refers to the deleted row (a cached API key) to its successor.
 */
export async function advanceIdSequence(
  executor: ImportTransaction,
  table: "users" | "urls" | "events",
): Promise<void> {
  if (!SEQUENCED_TABLES.has(table)) throw new Error(`unknown table ${table}`);
  await executor.execute(
    sql.raw(
      `SELECT setval(t.seq, t.top, true) FROM (SELECT pg_get_serial_sequence('${table}', 'id')::regclass AS seq, (SELECT MAX(id) FROM ${table}) AS top) t WHERE t.top IS NOT NULL AND t.top > COALESCE(pg_sequence_last_value(t.seq), 0)`,
    ),
  );
}
