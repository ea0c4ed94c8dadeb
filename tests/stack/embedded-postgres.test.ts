// The embedded dev database: a taken port is worked around (and said), a data folder is never
// opened by two processes, and `npm run seed` finds the running one (issue 12).
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { runningEmbeddedPostgres, startEmbeddedPostgres } from "../../scripts/lib/embedded-postgres.ts";
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
});
