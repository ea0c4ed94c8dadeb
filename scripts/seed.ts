// npm run seed: loads the sample data (seed/*.csv: 400 users, 2000 urls, 3422 events) into
// the configured database. Idempotent: rows already there are skipped (ON CONFLICT DO NOTHING),
// ids are kept, and the id sequences are moved past them afterwards.
//
// Database: DATABASE_URL; otherwise the embedded dev database (the running `npm run dev`'s,
// or one started here for the duration of the load).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import pg from "pg";
import { type EmbeddedPostgres, runningEmbeddedPostgres, startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { localSettings } from "./lib/local-settings.ts";
import { applyMigrations } from "./lib/migrate.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const { embeddedPostgresPort, dataDir } = localSettings();
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

async function resolveDatabase(): Promise<{ url: string; embedded?: EmbeddedPostgres }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  // The running dev server's database, on whatever port it got.
  const running = runningEmbeddedPostgres(`${dataDir}/pglite`);
  if (running) return { url: running.url };
  const embedded = await startEmbeddedPostgres(`${dataDir}/pglite`, embeddedPostgresPort);
  return { url: embedded.url, embedded };
}

async function loadTable(client: pg.Client, table: Table): Promise<void> {
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
      process.stdout.write(
        `\r[seed] ${table.name}: ${Math.min(start + BATCH_SIZE, records.length)}/${records.length} read`,
      );
    }
    await client.query(
      `SELECT setval(pg_get_serial_sequence('${table.name}', 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM ${table.name}), 1))`,
    );
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
  console.log(`, ${inserted} inserted, ${records.length - inserted} already present`);
}

const { url, embedded } = await resolveDatabase();
try {
  await applyMigrations(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    for (const table of TABLES) await loadTable(client, table);
  } finally {
    await client.end();
  }
  console.log("[seed] done");
} finally {
  await embedded?.stop();
}
