import { sql } from "drizzle-orm";
import type { Executor } from "../events/record-event";

const SEQUENCED_TABLES = new Set(["users", "urls", "events"]);

/**
 * Moves a serial id sequence past the largest id in its table. Rows imported with explicit
 * ids do not advance it, and the next insert would otherwise collide (the seed's bug 12).
 */
export async function advanceIdSequence(executor: Executor, table: "users" | "urls" | "events"): Promise<void> {
  if (!SEQUENCED_TABLES.has(table)) throw new Error(`unknown table ${table}`);
  await executor.execute(
    sql.raw(
      `SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM ${table}), 1), (SELECT COUNT(*) > 0 FROM ${table}))`,
    ),
  );
}
