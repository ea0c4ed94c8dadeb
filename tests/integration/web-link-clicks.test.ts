// The clicks part of a link's page (/app/links/{id}, issue 31): windows of 24 hours, 7 or 30 days or
// dates of one's own, hourly or daily; people, bots and link previews apart; the breakdowns; the
// comparison with the previous period or another link of the workspace (another workspace's is the
// API's 404 message, as for a link that is not there); the clicks' CSV; a window the API refuses is
// its message next to the form on a 400 page. A busy link's page stays under 60 KB at its largest.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callWorker, openTestDatabase } from "../harness";
import { api, newPerson, sessionWriteHeaders, signIn } from "../session-harness";

const page = async (path: string, cookie: string) => {
  const answer = await api("GET", path, { headers: { Cookie: cookie } });
  return { status: answer.status, html: String(answer.body) };
};

const DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const PHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface ChartData {
  start: number;
  step: number;
  people: number[];
  unique: number[];
  bots: number[];
  previews: number[];
  other?: number[];
  compared?: { label: string; clicks: number[] };
}

const chartOf = (html: string): ChartData => {
  const json = /<script type="application\/json" id="clicks-data">(.*?)<\/script>/s.exec(html)?.[1];
  if (!json) throw new Error("no #clicks-data on the page");
  return JSON.parse(json);
};
/** The cells of the first body row of a table, by id, as text. */
const firstRow = (html: string, id: string) => {
  const table = new RegExp(`<table id="${id}">(.*?)</table>`, "s").exec(html)?.[1] ?? "";
  const row = /<tbody><tr>(.*?)<\/tr>/s.exec(table)?.[1] ?? "";
  return [...row.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/g)].map((cell) => cell[1]);
};
const errorOf = (html: string, id: string) => new RegExp(`<p class="error" id="${id}">(.*?)</p>`).exec(html)?.[1];

async function visit(
  code: string,
  userAgent: string,
  extra: { country?: string; referer?: string; query?: string } = {},
) {
  const headers: Record<string, string> = { "User-Agent": userAgent };
  if (extra.referer) headers.Referer = extra.referer;
  const init = { headers, cf: extra.country ? { country: extra.country } : undefined } as RequestInit;
  const { response, settled } = await callWorker(`/${code}${extra.query ?? ""}`, init);
  expect(response.status).toBe(302);
  await settled();
}

async function statsOnceStored(id: number, cookie: string, total: number) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const stats = await api("GET", `/urls/${id}/stats`, { headers: { Cookie: cookie } });
    if (Number(stats.body.total) >= total) return stats.body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`link ${id}: fewer than ${total} clicks stored after 20 s`);
}

let cookie: string;
let link: { id: number; short_code: string };
let sibling: { id: number; short_code: string };
let foreign: { id: number; short_code: string };

beforeAll(async () => {
  const person = await newPerson();
  cookie = await signIn(person.email);
  const write = await sessionWriteHeaders(cookie);
  const make = async (headers: Record<string, string>, path: string) => {
    const made = await api("POST", "/urls", { headers, body: { original_url: `https://example.com/${path}` } });
    expect(made.status).toBe(201);
    return made.body as { id: number; short_code: string };
  };
  link = await make(write, "clicked");
  sibling = await make(write, "sibling");
  const stranger = await newPerson();
  foreign = await make(await sessionWriteHeaders(await signIn(stranger.email)), "foreign");

  await visit(link.short_code, DESKTOP, { country: "DE", referer: "https://news.example.org/post" });
  await visit(link.short_code, DESKTOP, { country: "DE" });
  await visit(link.short_code, PHONE, { country: "US", query: "?ls_src=qr" });
  await visit(link.short_code, "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
  await visit(link.short_code, "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)");
  await visit(sibling.short_code, DESKTOP, { country: "FR" });
  await statsOnceStored(link.id, cookie, 5);
  await statsOnceStored(sibling.id, cookie, 1);
}, 90_000);

describe("a link's clicks on its page", () => {
  it("shows the last 30 days by day: people, bots and previews apart, the breakdowns and the CSV", async () => {
    const { status, html } = await page(`/app/links/${link.id}`, cookie);
    expect(status).toBe(200);
    expect(html).toContain("Clicks, last 30 days");
    const today = new Date().toISOString().slice(0, 10);
    // Day, clicks, people, unique, bots, previews.
    const [day, clicks, people, , bots, previews] = firstRow(html, "clicks-by-day");
    expect([day, clicks, people, bots, previews]).toEqual([today, "5", "3", "1", "1"]);
    expect(html).toContain(`<td data-label="Day">${today}</td>`);

    const chart = chartOf(html);
    expect(chart.step).toBe(86_400);
    const last = [chart.people, chart.unique, chart.bots, chart.previews].map((values) => [
      values.length,
      values.at(-1),
    ]);
    expect(last).toEqual([
      [30, 3],
      [30, Number(firstRow(html, "clicks-by-day")[3])],
      [30, 1],
      [30, 1],
    ]);
    expect([chart.other, chart.compared]).toEqual([undefined, undefined]);

    // Country names, not codes; the device, the referrer, QR scans apart, the kind of visitor.
    for (const text of [
      '<td data-label="Value">Germany</td><td data-label="Clicks">2</td>',
      '<td data-label="Value">United States</td><td data-label="Clicks">1</td>',
      '<td data-label="Value">news.example.org</td>',
      '<td data-label="Value">QR code</td><td data-label="Clicks">1</td>',
      '<td data-label="Value">mobile</td>',
      // Browser and operating system by name; the bot and the preview are labelled too.
      '<td data-label="Value">Chrome</td><td data-label="Clicks">2</td>',
      '<td data-label="Value">Safari</td><td data-label="Clicks">1</td>',
      '<td data-label="Value">other</td><td data-label="Clicks">2</td>',
      '<td data-label="Value">Linux</td><td data-label="Clicks">2</td>',
      '<td data-label="Value">iOS</td><td data-label="Clicks">1</td>',
      "<caption>By operating system</caption>",
      '<td data-label="Value">link previews</td><td data-label="Clicks">1</td>',
      '<td data-label="Value">the link&#39;s own destination</td><td data-label="Clicks">5</td>',
    ]) {
      expect(html).toContain(text);
    }

    // The CSV of the same window, read with the session as the page's link is.
    const href = /<a href="([^"]+)" download="">Download clicks \(CSV\)<\/a>/.exec(html)?.[1]?.replaceAll("&amp;", "&");
    expect(href).toMatch(new RegExp(`^/app/links/${link.id}/clicks\\.csv\\?from=`));
    const csv = await api("GET", href as string, { headers: { Cookie: cookie } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("Content-Type")).toContain("text/csv");
    expect(new TextDecoder().decode(csv.bytes).trim().split("\n")).toHaveLength(1 + 5);
  });

  it("shows the last 24 hours by the hour, and 7 days by the hour or the day", async () => {
    const day = await page(`/app/links/${link.id}?window=24h`, cookie);
    expect(day.status).toBe(200);
    expect(day.html).toContain("Clicks, last 24 hours");
    expect([chartOf(day.html).step, chartOf(day.html).people.length]).toEqual([3600, 24]);
    expect(day.html).toMatch(/<td data-label="Hour">\d{4}-\d{2}-\d{2} \d{2}:00<\/td><td data-label="Clicks">/);
    expect(day.html).toContain('<option value="24h" selected="">Last 24 hours</option>');

    const week = await page(`/app/links/${link.id}?window=7d&granularity=hour`, cookie);
    expect([chartOf(week.html).step, chartOf(week.html).people.length]).toEqual([3600, 168]);
    const weekByDay = await page(`/app/links/${link.id}?window=7d`, cookie);
    expect([chartOf(weekByDay.html).step, chartOf(weekByDay.html).people.length]).toEqual([86_400, 7]);
  });

  it("takes dates of one's own, the last one included", async () => {
    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - DAY_MS).toISOString().slice(0, 10);
    const { status, html } = await page(`/app/links/${link.id}?from=${yesterday}&to=${today}`, cookie);
    expect(status).toBe(200);
    expect(html).toContain(`Clicks, ${yesterday} to ${today}`);
    expect(chartOf(html).people).toEqual([0, 3]);
    expect(html).toContain('<option value="custom" selected="">');
    expect(html).toContain(`value="${yesterday}"`);
  });

  it("answers a window the API refuses with its message next to the form, on a 400 page", async () => {
    const refused = async (query: string) => {
      const { status, html } = await page(`/app/links/${link.id}?${query}`, cookie);
      expect(status, query).toBe(400);
      // The rest of the page is there; the clicks are not.
      expect(html).toContain("https://example.com/clicked");
      expect(html).not.toContain('id="clicks-data"');
      expect(html).toContain('aria-describedby="clicks-window-error"');
      return errorOf(html, "clicks-window-error");
    };
    expect(await refused("from=2026-01-01&to=2026-03-01&granularity=hour")).toBe(
      "an hourly window is at most 744 hours (31 days): narrow from and to, or use granularity=day",
    );
    expect(await refused("from=2026-11-10&to=2026-11-01")).toBe("from must be before to");
    expect(await refused("from=soon")).toMatch(/^from must be an RFC 3339 time with an offset/);
    expect(await refused("window=90d")).toBe("window must be one of 24h, 7d, 30d, custom");
    expect(await refused("window=7d&granularity=week")).toBe("granularity must be hour or day");
  });

  it("compares with the previous period: a second line, a column, and the totals' change", async () => {
    const { status, html } = await page(`/app/links/${link.id}?window=7d&compare=previous`, cookie);
    expect(status).toBe(200);
    expect(chartOf(html).compared).toEqual({ label: "previous period", clicks: [0, 0, 0, 0, 0, 0, 0] });
    expect(html).toContain('<th scope="col">Previous period</th>');
    expect(firstRow(html, "clicks-compare")).toEqual(["Clicks", "5", "0", "new"]);
    expect(firstRow(html, "clicks-by-day").at(-1)).toBe("0");
  });

  it("compares with another link of the workspace by id or code, never another workspace's", async () => {
    for (const ref of [String(sibling.id), sibling.short_code, `https://linkscope.test/${sibling.short_code}`]) {
      const { status, html } = await page(`/app/links/${link.id}?compare_link=${encodeURIComponent(ref)}`, cookie);
      expect(status, ref).toBe(200);
      expect(chartOf(html).compared?.label).toBe(sibling.short_code);
      const [label, now, other, change] = firstRow(html, "clicks-compare");
      expect([label, now, other, change]).toEqual(["Clicks", "5", "1", "+400 %"]);
    }
    // Another workspace's link, by id or code, reads as one that is not there: the API's 404 message.
    for (const ref of [String(foreign.id), foreign.short_code, "no-such-code-at-all"]) {
      const { status, html } = await page(`/app/links/${link.id}?compare_link=${encodeURIComponent(ref)}`, cookie);
      expect(status, ref).toBe(400);
      expect(errorOf(html, "clicks-compare-link-error"), ref).toBe("url not found");
      // The link's own clicks are still shown, without a comparison.
      expect(chartOf(html).compared).toBeUndefined();
      expect(html).not.toContain('<table id="clicks-compare">');
    }
    const both = await page(`/app/links/${link.id}?compare=previous&compare_link=${sibling.id}`, cookie);
    expect([both.status, errorOf(both.html, "clicks-compare-link-error")]).toEqual([
      400,
      "compare with the previous period or with another link, not both",
    ]);
  });
});

describe("a busy link's page", () => {
  const database = openTestDatabase();
  afterAll(() => database.close());

  it("stays under 60 KB at its largest windows, compared with the previous period", async () => {
    const made = await api("POST", "/urls", {
      headers: await sessionWriteHeaders(cookie),
      body: { original_url: "https://example.com/busy", title: "Busy" },
    });
    expect(made.status).toBe(201);
    const id = made.body.id as number;
    // Thousands of clicks in every hour of 62 days and every day of two years, with 50 countries,
    // referrers, devices, browsers, operating systems, rules and variants: what the rollups of a busy link hold.
    const breakdowns = `jsonb_build_object(
      'country', (SELECT jsonb_object_agg(code, 40 + n) FROM unnest(ARRAY['AD','AE','AF','AG','AL','AM','AO','AR','AT','AU',
        'AZ','BA','BB','BD','BE','BF','BG','BH','BI','BJ','BN','BO','BR','BS','BT','BW','BY','BZ','CA','CD','CF','CG','CH',
        'CI','CL','CM','CN','CO','CR','CU','CV','CY','CZ','DE','DJ','DK','DM','DO','DZ','EC']) WITH ORDINALITY AS c(code, n)),
      'referrer', (SELECT jsonb_object_agg('news' || n || '.some-long-publisher-name.example.com', 30 + n) FROM generate_series(1, 50) n),
      'device', '{"desktop": 900, "mobile": 800, "tablet": 100, "bot": 100, "unknown": 50}'::jsonb,
      'browser', '{"chrome": 800, "safari": 500, "edge": 200, "firefox": 150, "samsung": 100, "opera": 50, "other": 100, "": 50}'::jsonb,
      'os', '{"ios": 500, "android": 450, "windows": 400, "macos": 300, "linux": 100, "chromeos": 50, "other": 100, "": 50}'::jsonb,
      'source', '{"": 1500, "qr": 450}'::jsonb,
      'rule', (SELECT jsonb_object_agg(n::text, 10 + n) FROM generate_series(0, 24) n),
      'variant', (SELECT jsonb_object_agg('3:' || n, 10 + n) FROM generate_series(0, 9) n))`;
    const fill = (table: string, step: string, span: string) =>
      database.db.execute(`
        INSERT INTO ${table} (url_id, bucket, clicks, human, bot, preview, head, prefetch, "unique", breakdowns)
        SELECT ${id}, bucket, 1950, 1500, 300, 120, 20, 10, 1100, ${breakdowns}
        FROM generate_series(date_trunc('${step}', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '${span}',
                             date_trunc('${step}', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', interval '1 ${step}') AS bucket`);
    await fill("click_rollups_hourly", "hour", "62 days");
    await fill("click_rollups_daily", "day", "740 days");

    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const sizes: Record<string, number> = {};
    for (const query of [
      "",
      "window=30d&granularity=hour&compare=previous",
      `from=${day(Date.now() - 30 * DAY_MS)}&to=${day(Date.now())}&granularity=hour&compare=previous`,
      `from=${day(Date.now() - 365 * DAY_MS)}&to=${day(Date.now())}&compare=previous`,
      `window=7d&granularity=hour&compare_link=${link.id}`,
    ]) {
      const { status, html } = await page(`/app/links/${id}?${query}`, cookie);
      expect(status, query).toBe(200);
      sizes[query || "default"] = new TextEncoder().encode(html).length;
      // At most 10 rows in each of the 9 breakdowns, and a bounded table beside the chart.
      expect(html.match(/<td data-label="Value">/g)?.length ?? 0, query).toBeLessThanOrEqual(90);
      expect(html.match(/<tr>/g)?.length ?? 0, query).toBeLessThan(200);
    }
    console.info(`busy link page sizes (bytes): ${JSON.stringify(sizes)}`);
    for (const [query, bytes] of Object.entries(sizes)) expect(bytes, query).toBeLessThan(60 * 1024);
  });
});
