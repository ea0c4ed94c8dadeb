// The seed project's sample data (seed/*.csv: users, urls, events) loaded into a database, ids kept:
// `npm run seed` and the migration tests share it.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import type pg from "pg";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BATCH_SIZE = 500;

interface Table {
  name: "users" | "urls" | "events";
  file: string;
  columns: string[];
  convert?: (column: string, value: string) => string | boolean | null;
}

const nullIfBlank = (value: string) => (value.trim() === "" ? null : value);

const TABLES: Table[] = [
  { name: "users", file: "users.csv", columns: ["id", "username", "email", "created_at"] },
  {
    name: "urls",
    file: "urls.csv",
    columns: ["id", "user_id", "short_code", "original_url", "title", "is_active", "created_at", "updated_at"],
    convert: (column, value) => (column === "is_active" ? value.trim().toLowerCase() === "true" : nullIfBlank(value)),
  },
  {
    name: "events",
    file: "events.csv",
    columns: ["id", "url_id", "user_id", "event_type", "timestamp", "details"],
    convert: (_column, value) => nullIfBlank(value),
  },
];

async function loadTable(client: pg.Client, table: Table, say: (text: string) => void): Promise<void> {
  const records: Record<string, string>[] = parse(readFileSync(`${ROOT}seed/${table.file}`), {
    columns: true,
    bom: true,
    skip_empty_lines: true,
  });
  let inserted = 0;
  await client.query("BEGIN");
  try {
    for (let start = 0; start < records.length; start += BATCH_SIZE) {
      const batch = records.slice(start, start + BATCH_SIZE);
      const values: unknown[] = [];
      const tuples = batch.map((record) => {
        const placeholders = table.columns.map((column) => {
          const raw = record[column] ?? "";
          // Timestamps in the CSVs have no zone: they are UTC.
          const value = table.convert ? table.convert(column, raw) : raw;
          values.push(typeof value === "string" && /_at$|^timestamp$/.test(column) ? `${value}Z` : value);
          return `$${values.length}`;
        });
        return `(${placeholders.join(", ")})`;
      });
      const result = await client.query(
        `INSERT INTO ${table.name} (${table.columns.join(", ")}) VALUES ${tuples.join(", ")} ON CONFLICT DO NOTHING`,
        values,
      );
      inserted += result.rowCount ?? 0;
      say(`\r[seed] ${table.name}: ${Math.min(start + BATCH_SIZE, records.length)}/${records.length} read`);
    }
    await client.query(
      `SELECT setval(pg_get_serial_sequence('${table.name}', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM ${table.name}), 1))`,
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
  say(`, ${inserted} inserted, ${records.length - inserted} already present\n`);
}

/**
 * Loads users, then urls, then events, each table in one transaction: rows already there are
 * skipped (ON CONFLICT DO NOTHING), ids are kept, and each id sequence is moved past them.
 */
export async function loadSampleData(client: pg.Client, say: (text: string) => void = () => {}): Promise<void> {
  for (const table of TABLES) await loadTable(client, table, say);
}
