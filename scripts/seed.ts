// npm run seed: loads the sample data (seed/*.csv: 400 users, 2000 urls, 3422 events) into
// the configured database. Idempotent: rows already there are skipped (ON CONFLICT DO NOTHING),
// ids are kept, and the id sequences are moved past them afterwards.
//
// Database: DATABASE_URL; otherwise the embedded dev database (the running `npm run dev`'s,
// or one started here for the duration of the load).
import pg from "pg";
import { type EmbeddedPostgres, runningEmbeddedPostgres, startEmbeddedPostgres } from "./lib/embedded-postgres.ts";
import { localSettings } from "./lib/local-settings.ts";
import { applyMigrations } from "./lib/migrate.ts";
import { loadSampleData } from "./lib/sample-data.ts";

const { embeddedPostgresPort, dataDir } = localSettings();

async function resolveDatabase(): Promise<{ url: string; embedded?: EmbeddedPostgres }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL };
  // The running dev server's database, on whatever port it got.
  const running = runningEmbeddedPostgres(`${dataDir}/pglite`);
  if (running) return { url: running.url };
  const embedded = await startEmbeddedPostgres(`${dataDir}/pglite`, embeddedPostgresPort);
  return { url: embedded.url, embedded };
}

const { url, embedded } = await resolveDatabase();
try {
  await applyMigrations(url);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await loadSampleData(client, (text) => process.stdout.write(text));
  } finally {
    await client.end();
  }
  console.log("[seed] done");
} finally {
  await embedded?.stop();
}
