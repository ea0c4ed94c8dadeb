// Applies the committed drizzle migrations (db/migrations) over plain TCP.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";

const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../db/migrations", import.meta.url));

export async function applyMigrations(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.end();
  }
}

/**
 * Applies the committed migrations up to and including `lastTag` (say "0014_imported_clicks"): a
 * database as an older release left it, for testing what the next migration does to its rows.
 */
export async function applyMigrationsThrough(databaseUrl: string, lastTag: string): Promise<void> {
  const folder = mkdtempSync(`${tmpdir()}/linkscope-migrations-`);
  try {
    const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, "utf8")) as {
      entries: { tag: string }[];
    };
    const last = journal.entries.findIndex((entry) => entry.tag === lastTag);
    if (last < 0) throw new Error(`no migration ${lastTag}`);
    journal.entries = journal.entries.slice(0, last + 1);
    mkdirSync(`${folder}/meta`);
    writeFileSync(`${folder}/meta/_journal.json`, JSON.stringify(journal));
    for (const { tag } of journal.entries) copyFileSync(`${MIGRATIONS_FOLDER}/${tag}.sql`, `${folder}/${tag}.sql`);
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      await migrate(drizzle(client), { migrationsFolder: folder });
    } finally {
      await client.end();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
