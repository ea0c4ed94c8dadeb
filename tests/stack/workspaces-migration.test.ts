// Migration 0015 (workspaces) on a database as release 0014 left it, holding the seed project's
// sample data and rows of every owned kind: nothing is lost or renumbered, every row lands in its
// owner's workspace (or the operator's), and the seed API's writes keep working after it.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyMigrations, applyMigrationsThrough } from "../../scripts/lib/migrate.ts";
import { loadSampleData } from "../../scripts/lib/sample-data.ts";

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const database = `linkscope_wsmig_${randomBytes(4).toString("hex")}`;
const databaseUrl = (() => {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
})();

const OWNED_TABLES = ["urls", "tags", "webhooks", "api_keys", "events"] as const;
const ALL_TABLES = ["users", ...OWNED_TABLES, "url_tags"] as const;

let client: pg.Client;

async function adminQuery(text: string) {
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(text);
  } finally {
    await admin.end();
  }
}

/** Each table's row count and a digest of its ids (url_tags: its pairs). */
async function inventory(): Promise<Record<string, { count: number; ids: string }>> {
  const result: Record<string, { count: number; ids: string }> = {};
  for (const table of ALL_TABLES) {
    const key = table === "url_tags" ? "url_id::text || ':' || tag_id::text" : "id::text";
    const { rows } = await client.query(
      `SELECT count(*)::int AS count, md5(coalesce(string_agg(${key}, ',' ORDER BY ${key}), '')) AS ids FROM ${table}`,
    );
    result[table] = rows[0];
  }
  return result;
}

/** The rows the sample data lacks: tags, webhooks and keys of a user and of nobody, a link of nobody. */
async function addOwnedRows() {
  await client.query(
    `INSERT INTO urls (user_id, short_code, original_url) VALUES (NULL, 'wsmig-orphan', 'https://example.com/o')`,
  );
  await client.query(`INSERT INTO tags (user_id, name) VALUES (1, 'News'), (2, 'news'), (NULL, 'Ops')`);
  await client.query(`INSERT INTO url_tags (url_id, tag_id)
    SELECT u.id, t.id FROM urls u JOIN tags t ON t.user_id IS NOT DISTINCT FROM u.user_id ORDER BY u.id LIMIT 40`);
  await client.query(`INSERT INTO webhooks (user_id, url, events, secret) VALUES
    (1, 'https://hooks.example.com/1', '["link.created"]', 'sealed'), (NULL, 'https://hooks.example.com/ops', '["link.created"]', 'sealed')`);
  await client.query(`INSERT INTO api_keys (user_id, prefix, key_hash, name) VALUES
    (1, 'lsk_wsmig1', repeat('a', 64), 'one'), (2, 'lsk_wsmig2', repeat('b', 64), 'two')`);
}

let before: Awaited<ReturnType<typeof inventory>>;

beforeAll(async () => {
  await adminQuery(`CREATE DATABASE "${database}"`);
  await applyMigrationsThrough(databaseUrl, "0014_imported_clicks");
  client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await loadSampleData(client);
  await addOwnedRows();
  before = await inventory();
  await applyMigrations(databaseUrl);
}, 120_000);

afterAll(async () => {
  await client?.end();
  await adminQuery(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
});

describe("migration 0015: workspaces", () => {
  it("keeps every row and every id", async () => {
    expect(before.users?.count).toBe(400);
    expect(before.urls?.count).toBe(2001);
    expect(before.events?.count).toBe(3422);
    expect(await inventory()).toEqual(before);
  });

  it("gives every user one personal workspace they own, and makes one operator workspace", async () => {
    const { rows } = await client.query(`SELECT
      (SELECT count(*)::int FROM workspaces WHERE kind = 'personal') AS personal,
      (SELECT count(*)::int FROM workspaces WHERE kind = 'operator') AS operator,
      (SELECT count(*)::int FROM users u JOIN workspaces w ON w.personal_user_id = u.id
         JOIN workspace_members m ON m.workspace_id = w.id AND m.user_id = u.id AND m.role = 'owner') AS owned,
      (SELECT count(*)::int FROM workspace_members) AS members`);
    expect(rows[0]).toEqual({ personal: 400, operator: 1, owned: 400, members: 400 });
  });

  it("puts each row in its owner's workspace, and what has no owner in the operator's", async () => {
    for (const table of ["urls", "tags", "webhooks", "api_keys"]) {
      const { rows } = await client.query(`SELECT count(*)::int AS misplaced FROM ${table} r
        JOIN workspaces w ON w.id = r.workspace_id
        WHERE NOT ((r.user_id IS NULL AND w.kind = 'operator') OR w.personal_user_id = r.user_id)`);
      expect({ table, misplaced: rows[0].misplaced }).toEqual({ table, misplaced: 0 });
    }
    const { rows } = await client.query(`SELECT count(*)::int AS misplaced FROM events e
      JOIN urls u ON u.id = e.url_id WHERE e.workspace_id <> u.workspace_id`);
    expect(rows[0].misplaced).toBe(0);
    const orphan = await client.query(`SELECT w.kind FROM urls u JOIN workspaces w ON w.id = u.workspace_id
      WHERE u.short_code = 'wsmig-orphan'`);
    expect(orphan.rows).toEqual([{ kind: "operator" }]);
  });

  it("keeps the seed API's writes working: a new user gets a workspace, and rows follow their user", async () => {
    const user = await client.query(
      `INSERT INTO users (username, email) VALUES ('wsmig-new', 'wsmig-new@example.com') RETURNING id`,
    );
    const userId = user.rows[0].id as number;
    const link = await client.query(
      `INSERT INTO urls (user_id, short_code, original_url) VALUES ($1, 'wsmig-new', 'https://example.com/n')
       RETURNING id, workspace_id, (SELECT id FROM workspaces WHERE personal_user_id = $1) AS personal`,
      [userId],
    );
    expect(link.rows[0].workspace_id).toBe(link.rows[0].personal);
    const event = await client.query(
      `INSERT INTO events (url_id, event_type) VALUES ($1, 'created') RETURNING workspace_id`,
      [link.rows[0].id],
    );
    expect(event.rows[0].workspace_id).toBe(link.rows[0].personal);

    // PUT /urls/{id} {"user_id": 1} gives the link to user 1: it follows into their workspace.
    const moved = await client.query(
      `UPDATE urls SET user_id = 1 WHERE id = $1
       RETURNING workspace_id, (SELECT id FROM workspaces WHERE personal_user_id = 1) AS personal`,
      [link.rows[0].id],
    );
    expect(moved.rows[0].workspace_id).toBe(moved.rows[0].personal);
  });

  it("answers an unknown user or link with the foreign key's error, as before", async () => {
    const unknownUser = client.query(
      `INSERT INTO urls (user_id, short_code, original_url) VALUES (999999, 'wsmig-ghost', 'https://example.com/g')`,
    );
    await expect(unknownUser).rejects.toMatchObject({ code: "23503", constraint: "urls_user_id_users_id_fk" });
    const unknownLink = client.query(`INSERT INTO events (url_id, event_type) VALUES (999999, 'created')`);
    await expect(unknownLink).rejects.toMatchObject({ code: "23503", constraint: "events_url_id_urls_id_fk" });
  });

  it("deletes a user's personal workspace (and its tags, webhooks and keys) with the user", async () => {
    const user = await client.query(
      `INSERT INTO users (username, email) VALUES ('wsmig-gone', 'wsmig-gone@example.com') RETURNING id`,
    );
    const userId = user.rows[0].id as number;
    await client.query(`INSERT INTO tags (user_id, name) VALUES ($1, 'Gone')`, [userId]);
    await client.query(`DELETE FROM users WHERE id = $1`, [userId]);
    const { rows } = await client.query(
      `SELECT (SELECT count(*)::int FROM workspaces WHERE personal_user_id = $1) AS workspaces,
              (SELECT count(*)::int FROM tags WHERE name = 'Gone') AS tags`,
      [userId],
    );
    expect(rows[0]).toEqual({ workspaces: 0, tags: 0 });
  });
});
