import { describe, expect, it } from "vitest";
import { type AuditEvent, createUrl, createUser, get, send, sendJson, type Url, type User, unique } from "../harness";

interface ImportReport {
  imported: number;
  rows: number;
  skipped: number;
  skipped_rows: { row: number; reason: string }[];
  failed: number;
  errors: { row: number; error: string }[];
}

function upload(path: string, csv: string | Uint8Array, filename = "data.csv") {
  const form = new FormData();
  form.append("file", new File([csv], filename, { type: "text/csv" }));
  return send<ImportReport>("POST", path, { body: form });
}

function postCsv(path: string, csv: string) {
  return send<ImportReport>("POST", path, { headers: { "Content-Type": "text/csv" }, body: csv });
}

describe("bulk import", () => {
  it("says which rows it skipped and why", async () => {
    const existing = await createUser();
    const [fresh, other] = [unique("skip"), unique("skip")];
    const csv = [
      "id,username,email",
      `,${fresh},${fresh}@example.test`,
      `,${existing.username},${other}@example.test`,
      `,${fresh},${unique("again")}@example.test`,
      `${existing.id},${other},${existing.email}`,
    ].join("\n");
    const response = await postCsv("/users/bulk", `${csv}\n`);
    expect(response.body).toMatchObject({ imported: 1, skipped: 3, failed: 0 });
    expect(response.body.skipped_rows).toEqual([
      { row: 2, reason: "username already exists" },
      { row: 3, reason: "username already exists" },
      { row: 4, reason: "id already exists, email already exists" },
    ]);
    const url = await createUrl();
    const urls = await postCsv(
      "/urls/bulk",
      `short_code,original_url\n${url.short_code},https://example.com/dup\n${unique("ok")},https://example.com/ok\n`,
    );
    expect(urls.body).toMatchObject({ imported: 1, skipped: 1 });
    expect(urls.body.skipped_rows).toEqual([{ row: 1, reason: "short_code already exists" }]);
  });

  it("imports users from a multipart upload, reporting each bad row", async () => {
    const [a, b] = [unique("bulk"), unique("bulk")];
    const csv = `username,email,created_at\n${a},${a}@example.test,2024-03-01 10:00:00\n,${b}@x.test,\n${b},not-an-email,\n`;
    const response = await upload("/users/bulk", csv);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ imported: 1, rows: 3, skipped: 0, failed: 2 });
    expect(response.body.errors).toEqual([
      { row: 2, error: "username is required" },
      { row: 3, error: "email is not a valid address" },
    ]);
    const users = await get<User[]>("/users?per_page=1000&page=1");
    expect(users.status).toBe(200);
  });

  it("imports a text/csv body and skips duplicates on a second run", async () => {
    const name = unique("csv");
    const csv = `username,email\n${name},${name}@example.test\n`;
    expect((await postCsv("/users/bulk", csv)).body).toMatchObject({ imported: 1, skipped: 0 });
    expect((await postCsv("/users/bulk", csv)).body).toMatchObject({ imported: 0, skipped: 1 });
  });

  it("keeps explicit ids and moves the sequence past them, so later creates succeed", async () => {
    const id = 1_500_000_000 + Math.floor(Math.random() * 100_000_000);
    const name = unique("seq");
    const response = await postCsv("/users/bulk", `id,username,email\n${id},${name},${name}@example.test\n`);
    expect(response.body.imported).toBe(1);
    expect((await get<User>(`/users/${id}`)).body.username).toBe(name);
    const next = await createUser();
    expect(next.id).toBeGreaterThan(id);
  });

  it("imports urls with their audit events, validating urls and owners", async () => {
    const owner = await createUser();
    const id = 1_500_000_000 + Math.floor(Math.random() * 100_000_000);
    const [good, inactive, badUrl, badOwner] = [unique("g"), unique("i"), unique("b"), unique("o")];
    const csv = [
      "id,user_id,short_code,original_url,title,is_active,created_at,updated_at",
      `${id},${owner.id},${good},https://example.com/good,Good,True,2025-01-01 00:00:00,2025-01-02 00:00:00`,
      `,${owner.id},${inactive},https://example.com/off,,False,,`,
      `,,${badUrl},javascript:alert(1),,true,,`,
      `,2000000000,${badOwner},https://example.com/x,,true,,`,
    ].join("\n");
    const response = await upload("/urls/bulk", csv);
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ imported: 2, rows: 4, failed: 2 });
    expect(response.body.errors).toEqual([
      { row: 3, error: "invalid url" },
      { row: 4, error: "user_id does not exist" },
    ]);
    const imported = await get<Url>(`/urls/${id}`);
    expect(imported.body).toMatchObject({ short_code: good, is_active: true, created_at: "2025-01-01T00:00:00" });
    const owned = await get<Url[]>(`/users/${owner.id}/urls`);
    expect(owned.body.map((u) => [u.short_code, u.is_active]).sort()).toEqual(
      [
        [good, true],
        [inactive, false],
      ].sort(),
    );
    const events = await get<AuditEvent[]>(`/urls/${id}/events`);
    expect(events.body).toHaveLength(1);
    expect(events.body[0]).toMatchObject({ event_type: "created", details: { source: "bulk_import" } });
    // The urls sequence moved past the explicit id.
    const created = await sendJson<Url>("POST", "/urls", { original_url: "https://example.com/after" });
    expect(created.body.id).toBeGreaterThan(id);
  });

  it("imports the lifecycle columns, checked like the API's", async () => {
    const [timed, capped, ...bad] = Array.from({ length: 7 }, () => unique("lc"));
    const csv = [
      "short_code,original_url,valid_since,expires_at,max_clicks,expired_url",
      `${timed},https://example.com/t,2020-01-01T00:00:00Z,2020-02-01T00:00:00+01:00,,https://example.com/over`,
      `${capped},https://example.com/c,,,25,`,
      `${bad[0]},https://example.com/x,2020-01-01 00:00:00,,,`,
      `${bad[1]},https://example.com/x,2021-01-01T00:00:00Z,2020-01-01T00:00:00Z,,`,
      `${bad[2]},https://example.com/x,,,0,`,
      `${bad[3]},https://example.com/x,,,,http://192.168.1.1/`,
      `${bad[4]},https://example.com/x,,2030-13-01T00:00:00Z,,`,
    ].join("\n");
    const response = await upload("/urls/bulk", csv);
    expect(response.body).toMatchObject({ imported: 2, rows: 7, failed: 5 });
    expect(response.body.errors).toEqual([
      { row: 3, error: "valid_since must be an RFC 3339 time with an offset, e.g. 2026-12-31T23:59:59Z" },
      { row: 4, error: "valid_since must be before expires_at" },
      { row: 5, error: "max_clicks must be between 1 and 1000000000" },
      { row: 6, error: "expired_url: invalid url: private, loopback and link-local hosts are not allowed" },
      { row: 7, error: "expires_at must be an RFC 3339 time with an offset, e.g. 2026-12-31T23:59:59Z" },
    ]);
    const urls = (await get<Url[]>("/urls?per_page=100&state=expired")).body;
    const expired = urls.find((url) => url.short_code === timed);
    expect(expired).toMatchObject({ state: "expired", expires_at: "2020-01-31T23:00:00.000Z" });
    const follow = await send("GET", `/${timed}`);
    expect([follow.status, follow.headers.get("Location")]).toEqual([302, "https://example.com/over"]);
    const cappedFollow = await send("GET", `/${capped}`, { headers: { "User-Agent": "Mozilla/5.0 (X11; Linux)" } });
    expect(cappedFollow.status).toBe(302);
  });

  it("loads the bundled sample dataset by name and is idempotent", async () => {
    const first = await sendJson<ImportReport>("POST", "/users/bulk", { file: "users.csv" });
    expect(first.status).toBe(201);
    expect(first.body.rows).toBe(400);
    const second = await send<ImportReport>("POST", "/users/bulk");
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ rows: 400, imported: 0, skipped: 400 });
  });

  it.each([
    [{ file: "../../etc/passwd" }, 400, "invalid filename"],
    [{ file: "/etc/passwd.csv" }, 400, "invalid filename"],
    [{ file: "users.txt" }, 400, "invalid filename"],
    [{ file: 42 }, 400, "invalid filename"],
    [{ file: "missing.csv" }, 404, "missing.csv not found"],
  ])("refuses %j", async (payload, status, message) => {
    const response = await sendJson("POST", "/users/bulk", payload);
    expect([response.status, response.body]).toEqual([status, { error: message }]);
  });

  it("rejects bad uploads with clear 4xx errors", async () => {
    const notCsv = await upload("/users/bulk", "username,email\n", "users.xlsx");
    expect([notCsv.status, notCsv.body]).toEqual([400, { error: "only CSV files are accepted" }]);
    const noName = await upload("/users/bulk", "username,email\n", "");
    expect(noName.status).toBe(400);
    const latin1 = await upload("/users/bulk", new Uint8Array([0x75, 0x2c, 0x65, 0x0a, 0xe9, 0xff, 0x0a]));
    expect([latin1.status, latin1.body]).toEqual([400, { error: "file must be UTF-8 encoded" }]);
    const missingColumns = await postCsv("/users/bulk", "name,mail\na,b\n");
    expect(missingColumns.status).toBe(400);
    expect(missingColumns.body).toEqual({ error: "the CSV is missing required column(s): username, email" });
    const empty = await postCsv("/users/bulk", "");
    expect(empty.status).toBe(400);
    const allBad = await postCsv("/users/bulk", "username,email\n,\n");
    expect(allBad.status).toBe(422);
    const wrongType = await send("POST", "/urls/bulk", {
      headers: { "Content-Type": "application/xml" },
      body: "<a/>",
    });
    expect(wrongType.status).toBe(415);
    const noFileField = await send("POST", "/users/bulk", { body: new FormData() });
    expect(noFileField.status).toBe(400);
  });

  it("answers 413 for a file over the limit", async () => {
    const big = `username,email\n${"x".repeat(70_000)},a@b.c\n`;
    const viaUpload = await upload("/users/bulk", big);
    expect(viaUpload.status).toBe(413);
    expect((viaUpload.body as unknown as { error: string }).error).toMatch(/too large/);
    const viaBody = await postCsv("/users/bulk", big);
    expect(viaBody.status).toBe(413);
  });
});
