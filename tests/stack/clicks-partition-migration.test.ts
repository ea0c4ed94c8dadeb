// Migration 0023 (clicks by day) on a database as release 0022 left it, holding a million clicks over
// 90 days: every click is kept (same count, same ids and times), each day has its partition, the
// default partition is empty, a redelivered click is still dropped, and link.clicked still fires.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, applyMigrationsThrough } from "../../scripts/lib/migrate.ts";

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const database = `linkscope_clickpart_${randomBytes(4).toString("hex")}`;
const databaseUrl = (() => {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
})();
const CLICKS = 1_000_000;
const DAYS = 90;

let client: pg.Client;
let migrationMs = 0;

async function adminQuery(text: string) {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** The clicks' count, a digest of their ids and times in order, and their first and last day. */
async function inventory() {
  const { rows } = await client.query(`SELECT count(*)::int AS count,
      md5(string_agg(id::text || '@' || linkscope_iso(clicked_at), ',' ORDER BY id)) AS digest,
      (min(clicked_at) AT TIME ZONE 'UTC')::date::text AS first_day
    FROM clicks`);
  return rows[0] as { count: number; digest: string; first_day: string };
}

let before: Awaited<ReturnType<typeof inventory>>;

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE "${database}"`);
  await applyMigrationsThrough(databaseUrl, "0022_click_browser_os");
  client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`INSERT INTO urls (short_code, original_url, workspace_id)
    SELECT 'clickpart-' || g, 'https://example.com/' || g, (SELECT id FROM workspaces WHERE kind = 'operator')
    FROM generate_series(1, 20) g`);
  // A million clicks, one every 7.8 s back over 90 days, across the 20 links, in one statement.
  await client.query(`INSERT INTO clicks (id, url_id, clicked_at, country, device_class, browser, os, click_class, is_unique)
    SELECT gen_random_uuid(), (SELECT min(id) FROM urls) + g % 20,
           now() - g * (interval '${DAYS} days' / ${CLICKS}),
           (ARRAY['FR', 'US', NULL])[1 + g % 3], 'desktop', 'chrome', 'linux',
           CASE WHEN g % 7 = 0 THEN 'bot' ELSE 'human' END, g % 2 = 0
    FROM generate_series(1, ${CLICKS}) g`);
  before = await inventory();
  const started = performance.now();
  await applyMigrations(databaseUrl);
  migrationMs = performance.now() - started;
  console.log(`[clicks-partition-migration] migrated ${CLICKS} clicks in ${Math.round(migrationMs)} ms`);
}, 600_000);

afterAll(async () => {
  await client?.end();
  await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
});

describe("migration 0023: clicks by day", () => {
  it("keeps every click, its id and its time", async () => {
    expect(before.count).toBe(CLICKS);
    expect(await inventory()).toEqual(before);
  }, 120_000);

  it("makes a partition per day from the first click's to a week ahead, and leaves the default empty", async () => {
    const { rows } = await client.query(
      `SELECT
        (SELECT relkind FROM pg_class WHERE oid = 'clicks'::regclass) AS kind,
        (SELECT count(*)::int FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
          WHERE i.inhparent = 'clicks'::regclass AND c.relname ~ '^clicks_p[0-9]{8}$') AS days,
        ((now() AT TIME ZONE 'UTC')::date + 7 - $1::date + 1)::int AS expected,
        to_regclass('clicks_p' || to_char($1::date, 'YYYYMMDD')) IS NOT NULL AS first,
        to_regclass('clicks_p' || to_char((now() AT TIME ZONE 'UTC')::date + 7, 'YYYYMMDD')) IS NOT NULL AS last,
        (SELECT count(*)::int FROM clicks_default) AS in_default,
        to_regclass('clicks_legacy') IS NULL AS legacy_gone`,
      [before.first_day],
    );
    expect(rows[0]).toMatchObject({ kind: "p", first: true, last: true, in_default: 0, legacy_gone: true });
    expect(rows[0].days).toBe(rows[0].expected);
    expect(rows[0].days).toBeGreaterThanOrEqual(DAYS + 8);
  });

  it("still drops a redelivered click and fires link.clicked once per new click", async () => {
    await client.query(`INSERT INTO webhooks (workspace_id, url, events, secret)
      VALUES ((SELECT id FROM workspaces WHERE kind = 'operator'), 'https://hooks.example.com/c', '["link.clicked"]', 'sealed')`);
    const insert = `INSERT INTO clicks (id, url_id, clicked_at, device_class, click_class)
      VALUES ('00000000-0000-4000-8000-000000000023', (SELECT min(id) FROM urls), now(), 'desktop', 'human')
      ON CONFLICT (id, clicked_at) DO NOTHING`;
    const existing = `INSERT INTO clicks (id, url_id, clicked_at, device_class, click_class)
      SELECT id, url_id, clicked_at, device_class, click_class FROM clicks ORDER BY clicked_at LIMIT 1
      ON CONFLICT (id, clicked_at) DO NOTHING`;
    expect((await client.query(existing)).rowCount).toBe(0);
    expect((await client.query(insert)).rowCount).toBe(1);
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM webhook_deliveries WHERE event_type = 'link.clicked' AND body LIKE '%00000000-0000-4000-8000-000000000023%'`,
    );
    expect(rows[0].n).toBe(1);
  });

  it("retention drops whole days, and the functions make days again", async () => {
    const { rows } = await client.query(`SELECT linkscope_drop_click_partitions($1::date + 10) AS dropped`, [
      before.first_day,
    ]);
    expect(rows[0].dropped).toBe(10);
    const left = await client.query(`SELECT count(*)::int AS n FROM clicks WHERE clicked_at < $1::date + 10`, [
      before.first_day,
    ]);
    expect(left.rows[0].n).toBe(0);
    const again = await client.query(`SELECT linkscope_ensure_click_partitions($1::date, $1::date + 11) AS created`, [
      before.first_day,
    ]);
    expect(again.rows[0].created).toBe(10);
  });
});
