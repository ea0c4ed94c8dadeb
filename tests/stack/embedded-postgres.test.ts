// The embedded dev database: a taken port is worked around (and said), a data folder is never
// opened by two processes, and `npm run seed` finds the running one (issue 12); the migrations run on
// it, daily click partitions included (issue 32).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { runningEmbeddedPostgres, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres.ts";
import { applyMigrations } from "../../scripts/lib/migrate.ts";
import { findFreePort } from "../../scripts/lib/ports.ts";

const dir = mkdtempSync(`${tmpdir()}/linkscope-pglite-`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("embedded Postgres", () => {
  it("uses a free port when its own is taken, refuses a second opener, and says where it runs", async () => {
    const squatter = createServer();
    const taken = await findFreePort();
    await new Promise<void>((resolve) => squatter.listen(taken, "127.0.0.1", resolve));
    const dataDir = `${dir}/pglite`;
    const embedded = await startEmbeddedPostgres(dataDir, taken);
    try {
      expect(embedded.port).not.toBe(taken);
      expect(embedded.portNote).toBe(`port ${taken} was taken: using ${embedded.port}`);
      const client = new pg.Client({ connectionString: embedded.url, connectionTimeoutMillis: 5_000 });
      await client.connect();
      expect((await client.query("select 1 as one")).rows).toEqual([{ one: 1 }]);
      await client.end();

      expect(runningEmbeddedPostgres(dataDir)).toMatchObject({ pid: process.pid, port: embedded.port });
      await expect(startEmbeddedPostgres(dataDir, await findFreePort())).rejects.toThrow(
        `is already served by process ${process.pid} on port ${embedded.port}`,
      );
    } finally {
      await embedded.stop();
      squatter.close();
    }
    expect(runningEmbeddedPostgres(dataDir)).toBeUndefined();
  });

  it("takes the migrations, clicks partitioned by day included, and stores clicks as Postgres 15 does", async () => {
    const embedded = await startEmbeddedPostgres(`${dir}/pglite-migrated`, await findFreePort());
    const client = new pg.Client({ connectionString: embedded.url, connectionTimeoutMillis: 5_000 });
    try {
      await applyMigrations(embedded.url);
      await client.connect();
      await client.query(`INSERT INTO urls (short_code, original_url, workspace_id)
        VALUES ('pglite-click', 'https://example.com/p', (SELECT id FROM workspaces WHERE kind = 'operator'))`);
      await client.query(`INSERT INTO webhooks (workspace_id, url, events, secret)
        VALUES ((SELECT id FROM workspaces WHERE kind = 'operator'), 'https://hooks.example.com/p', '["link.clicked"]', 'sealed')`);
      const insert = (id: string, at: string) =>
        client.query(
          `INSERT INTO clicks (id, url_id, clicked_at, device_class, click_class)
           VALUES ($1, (SELECT id FROM urls WHERE short_code = 'pglite-click'), $2, 'desktop', 'human')
           ON CONFLICT (id, clicked_at) DO NOTHING`,
          [id, at],
        );
      const today = "00000000-0000-4000-8000-00000000000a";
      const old = "00000000-0000-4000-8000-00000000000b";
      const now = new Date().toISOString();
      expect((await insert(today, now)).rowCount).toBe(1);
      expect((await insert(today, now)).rowCount).toBe(0);
      expect((await insert(old, "2001-02-03T04:05:06Z")).rowCount).toBe(1);
      expect((await insert(old, "2001-02-03T04:05:06Z")).rowCount).toBe(0);
      const where = async () =>
        (await client.query(`SELECT tableoid::regclass::text AS part FROM clicks WHERE id = $1`, [old])).rows;
      expect(await where()).toEqual([{ part: "clicks_default" }]);
      await client.query(`SELECT linkscope_ensure_click_partitions('2001-02-03', '2001-02-03')`);
      expect(await where()).toEqual([{ part: "clicks_p20010203" }]);
      const dropped = await client.query(`SELECT linkscope_drop_click_partitions('2001-02-04') AS n`);
      expect(dropped.rows).toEqual([{ n: 1 }]);
      expect(await where()).toEqual([]);
      const deliveries = await client.query(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE event_type = 'link.clicked'`,
      );
      expect(deliveries.rows).toEqual([{ n: 2 }]);
    } finally {
      await client.end().catch(() => undefined);
      await embedded.stop();
    }
  }, 120_000);
});
