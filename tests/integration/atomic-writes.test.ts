import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUrl, get, openTestDatabase, send, sendJson, type Url, unique } from "../harness";

// A trigger makes the audit-event insert fail for one marker string. If the link write and
// its event were not one transaction, the link would survive the failed event.
const MARKER = "atomicity-probe";

async function execute(statement: string) {
  const handle = openTestDatabase();
  try {
    return await handle.db.execute(sql.raw(statement));
  } finally {
    await handle.close();
  }
}

describe("a write and its audit event commit together", () => {
  beforeAll(async () => {
    await execute(`
      CREATE OR REPLACE FUNCTION fail_probe_events() RETURNS trigger AS $$
      BEGIN
        IF NEW.details LIKE '%${MARKER}%' THEN RAISE EXCEPTION 'probe event refused'; END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await execute("DROP TRIGGER IF EXISTS fail_probe_events ON events");
    await execute(
      "CREATE TRIGGER fail_probe_events BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION fail_probe_events()",
    );
  });

  afterAll(async () => {
    await execute("DROP TRIGGER IF EXISTS fail_probe_events ON events");
  });

  it("a create whose event fails leaves no link behind", async () => {
    const target = `https://example.com/${MARKER}/${unique("c")}`;
    const response = await sendJson("POST", "/urls", { original_url: target });
    expect(response.status).toBe(500);
    expect(response.body).toEqual({ error: "internal server error" });
    const rows = await execute(`SELECT count(*)::int AS n FROM urls WHERE original_url = '${target}'`);
    expect(rows.rows[0]).toEqual({ n: 0 });
  });

  it("an update whose event fails leaves the link as it was", async () => {
    const url = await createUrl({ title: "Original" });
    const response = await sendJson("PATCH", `/urls/${url.id}`, { title: MARKER });
    expect(response.status).toBe(500);
    expect((await get<Url>(`/urls/${url.id}`)).body.title).toBe("Original");
  });

  it("a delete whose event fails leaves the link active", async () => {
    const code = unique(`${MARKER}-`);
    const url = await createUrl({ short_code: code.replace(MARKER, "probe") });
    await execute(`UPDATE urls SET short_code = '${code}' WHERE id = ${url.id}`);
    const response = await send("DELETE", `/urls/${url.id}`);
    expect(response.status).toBe(500);
    expect((await get<Url>(`/urls/${url.id}`)).body.is_active).toBe(true);
  });
});
