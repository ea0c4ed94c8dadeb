// The local bridge that speaks Neon's SQL-over-HTTP protocol (scripts/lib/neon-http), driven by the
// real driver (`neon()`) and drizzle-orm/neon-http against this run's PostgreSQL, plus raw requests
// for what the driver never sends. It must behave like Neon wherever the worker depends on it.
import { randomBytes } from "node:crypto";
import { neon, neonConfig } from "@neondatabase/serverless";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/neon-http";
import { integer, pgTable, text } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type NeonHttpBridge, startNeonHttpBridge } from "../../scripts/lib/neon-http/bridge.ts";

const databaseUrl = process.env.LINKSCOPE_TEST_DATABASE_URL ?? "";
const table = `bridge_probe_${randomBytes(4).toString("hex")}`;
const probes = pgTable(table, { id: integer("id").primaryKey(), label: text("label").notNull() });

let bridge: NeonHttpBridge;
let small: NeonHttpBridge;

beforeAll(async () => {
  bridge = await startNeonHttpBridge({ maxConnections: 4 });
  small = await startNeonHttpBridge({ maxConnections: 1, maxRequestBytes: 4_096, maxResponseBytes: 10_000 });
  neonConfig.fetchEndpoint = bridge.url;
  await neon(databaseUrl).query(`CREATE TABLE ${table} (id int PRIMARY KEY, label text NOT NULL UNIQUE)`);
});

afterAll(async () => {
  await neon(databaseUrl)
    .query(`DROP TABLE IF EXISTS ${table}`)
    .catch(() => undefined);
  await Promise.all([bridge?.close(), small?.close()]);
});

/** A request the driver would not make, with the connection string header unless told otherwise. */
function post(target: NeonHttpBridge, body: unknown, headers: Record<string, string> = {}) {
  return fetch(target.url, {
    method: "POST",
    headers: { "Neon-Connection-String": databaseUrl, ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
}

describe("the Neon HTTP bridge, through the real driver", () => {
  it("reports real column types, so the driver parses every value as it would from Neon", async () => {
    const [row] = await neon(databaseUrl)`
      SELECT 42::int AS int, 9007199254740993::bigint AS big, 1.5::numeric AS num, 2.5::float8 AS float,
             true AS bool, '2026-11-29T12:00:00.123Z'::timestamptz AS at, '{"a":[1,"x"]}'::jsonb AS doc,
             ARRAY['a', NULL, 'c,d']::text[] AS list, ${"héllo ✓"}::text AS text, NULL::text AS nothing,
             '\\x00ff'::bytea AS bytes, gen_random_uuid() AS id`;
    expect(row).toMatchObject({
      int: 42,
      big: "9007199254740993",
      num: "1.5",
      float: 2.5,
      bool: true,
      doc: { a: [1, "x"] },
      list: ["a", null, "c,d"],
      text: "héllo ✓",
      nothing: null,
    });
    const { at, bytes, id } = row as { at: Date | string; bytes: Uint8Array; id: string };
    expect(new Date(at).toISOString()).toBe("2026-11-29T12:00:00.123Z");
    expect(Buffer.from(bytes)).toEqual(Buffer.from([0, 255]));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("round-trips parameters of every kind, through drizzle and the driver", async () => {
    const db = drizzle({ client: neon(databaseUrl) });
    const [inserted] = await db.insert(probes).values({ id: 1, label: 'first\'s "label" ✓' }).returning();
    expect(inserted).toEqual({ id: 1, label: 'first\'s "label" ✓' });
    const [echo] = await neon(databaseUrl)`
      SELECT ${["x", "y z", null]}::text[] AS list, ${{ k: [1, 2] }}::jsonb AS doc, ${null}::int AS nothing,
             ${12.5}::float8 AS number, ${true}::bool AS flag, ${new Date("2026-01-02T03:04:05.006Z")}::timestamptz AS at`;
    expect(echo).toMatchObject({
      list: ["x", "y z", null],
      doc: { k: [1, 2] },
      nothing: null,
      number: 12.5,
      flag: true,
    });
    // A Date, or its text once drizzle-orm/neon-http is loaded (drizzle turns the driver's date parsers off globally).
    expect(new Date((echo as { at: Date | string }).at).toISOString()).toBe("2026-01-02T03:04:05.006Z");
  });

  it("answers a unique violation as Neon does: HTTP 400 with code and constraint; drizzle puts it in error.cause", async () => {
    const db = drizzle({ client: neon(databaseUrl) });
    await db.insert(probes).values({ id: 2, label: "taken" });
    const error = await db
      .insert(probes)
      .values({ id: 3, label: "taken" })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ cause: { code: "23505", constraint: `${table}_label_key` } });
    expect((error as { cause: { detail: string } }).cause.detail).toContain("(label)=(taken)");
  });

  it("runs a batch as one transaction, rolled back whole on any error; the error arrives bare", async () => {
    const db = drizzle({ client: neon(databaseUrl) });
    const error = await db
      .batch([
        db.insert(probes).values({ id: 10, label: "batch-a" }),
        db.insert(probes).values({ id: 11, label: "taken" }),
      ])
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "23505" });
    const left = await db.execute(sql`SELECT count(*)::int AS n FROM ${probes} WHERE id IN (10, 11)`);
    expect(left.rows).toEqual([{ n: 0 }]);
    const [[a], [b]] = await db.batch([
      db.insert(probes).values({ id: 12, label: "batch-b" }).returning(),
      db.select().from(probes).where(sql`id = 12`),
    ]);
    expect(a).toEqual({ id: 12, label: "batch-b" });
    expect(b).toEqual({ id: 12, label: "batch-b" }); // the second statement sees the first
  });

  it("honours a batch's isolation level, read-only and deferrable settings", async () => {
    const run = neon(databaseUrl);
    const [[isolation], [readOnly]] = (await run.transaction(
      [run`SHOW transaction_isolation`, run`SHOW transaction_read_only`],
      { isolationLevel: "Serializable", readOnly: true, deferrable: true },
    )) as [Record<string, unknown>[], Record<string, unknown>[]];
    expect(isolation).toEqual({ transaction_isolation: "serializable" });
    expect(readOnly).toEqual({ transaction_read_only: "on" });
    const refused = await run
      .transaction([run.query(`INSERT INTO ${table} VALUES (20, 'read-only')`)], { readOnly: true })
      .catch((caught: unknown) => caught);
    expect(refused).toMatchObject({ code: "25006" });
  });

  it("runs one statement per query, as Neon's extended protocol does", async () => {
    const error = await neon(databaseUrl)
      .query(`SELECT 1; DELETE FROM ${table}`)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "42601" });
    const [{ n }] = (await neon(databaseUrl).query(`SELECT count(*)::int AS n FROM ${table}`)) as [{ n: number }];
    expect(n).toBeGreaterThan(0);
  });
});

describe("the Neon HTTP bridge, raw", () => {
  it("answers with node-postgres' result shape and real dataTypeIDs", async () => {
    const response = await post(
      bridge,
      { query: "SELECT $1::int8 AS n, 'x'::text AS t", params: ["7"] },
      {
        "Neon-Raw-Text-Output": "true",
        "Neon-Array-Mode": "true",
      },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      command: "SELECT",
      rowCount: 1,
      rowAsArray: true,
      rows: [["7", "x"]],
      fields: [
        { name: "n", dataTypeID: 20, format: "text" },
        { name: "t", dataTypeID: 25, format: "text" },
      ],
    });
  });

  it("without raw text or array mode, gives objects of JSON values, and a query's own arrayMode wins", async () => {
    const response = await post(bridge, {
      query: "SELECT 1::int AS one, true AS yes, '{\"a\":1}'::json AS doc, 'x' AS t",
    });
    expect((await response.json()).rows).toEqual([{ one: 1, yes: true, doc: { a: 1 }, t: "x" }]);
    const batch = await post(bridge, {
      queries: [{ query: "SELECT 1 AS one", arrayMode: true }, { query: "SELECT 2 AS two" }],
    });
    const { results } = (await batch.json()) as { results: { rows: unknown[] }[] };
    expect(results.map((result) => result.rows)).toEqual([[[1]], [{ two: 2 }]]);
  });

  it("echoes a batch's transaction settings as Neon does", async () => {
    const response = await post(
      bridge,
      { queries: [{ query: "SELECT 1", params: [] }] },
      {
        "Neon-Batch-Isolation-Level": "RepeatableRead",
        "Neon-Batch-Read-Only": "true",
      },
    );
    expect(response.headers.get("neon-batch-isolation-level")).toBe("RepeatableRead");
    expect(response.headers.get("neon-batch-read-only")).toBe("true");
  });

  it.each([
    ["no connection string", {}, { query: "SELECT 1" }, 400, "invalid header: neon-connection-string"],
    [
      "a bad isolation level",
      { "Neon-Batch-Isolation-Level": "Whatever" },
      { queries: [] },
      400,
      "invalid isolation level",
    ],
    ["malformed JSON", {}, "{nope", 400, "could not parse the HTTP request body"],
    ["a body that is neither shape", {}, { sql: "SELECT 1" }, 400, "could not parse the HTTP request body"],
  ])("refuses %s with a JSON message", async (_case, headers, body, status, message) => {
    const response =
      "Neon-Connection-String" in headers || _case !== "no connection string"
        ? await post(bridge, body, headers)
        : await fetch(bridge.url, { method: "POST", body: JSON.stringify(body) });
    expect(response.status).toBe(status);
    expect(((await response.json()) as { message: string }).message).toContain(message);
  });

  it("refuses a request or a response over its limits, as Neon does (413, 507)", async () => {
    const tooLarge = await post(small, { query: "SELECT $1::text", params: ["x".repeat(5_000)] });
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ message: "request is too large (max is 4096 bytes)" });
    const tooMuch = await post(small, { query: "SELECT repeat('y', 100) FROM generate_series(1, 200)" });
    expect(tooMuch.status).toBe(507);
    expect(await tooMuch.json()).toEqual({ message: "response is too large (max is 10000 bytes)" });
    // The connection it used is still good.
    expect((await post(small, { query: "SELECT 1 AS ok" })).status).toBe(200);
  });

  it("answers 500 while the database is unreachable, and recovers", async () => {
    bridge.setReachable(false);
    const down = await neon(databaseUrl)`SELECT 1`.catch((caught: unknown) => caught);
    expect(String(down)).toMatch(/HTTP status 500/);
    bridge.setReachable(true);
    expect(await neon(databaseUrl)`SELECT 1 AS ok`).toEqual([{ ok: 1 }]);
  });
});
