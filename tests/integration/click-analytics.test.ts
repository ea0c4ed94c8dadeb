// Click analytics from the rollups: what the consumer adds (once, even when a batch comes back),
// the windows stats answer for, browsers and operating systems, unique clicks, Global Privacy
// Control and raw click retention.
import { env } from "cloudflare:workers";
import { afterAll, describe, expect, it } from "vitest";
import { readConfig } from "../../worker/config/env";
import type { ClickMessage } from "../../worker/services/clicks/click";
import { deleteDefaultPartitionClicksBefore, PRUNE_MAX_BATCHES } from "../../worker/services/clicks/prune-clicks";
import { type StoredClick, storeClicks } from "../../worker/services/clicks/store-clicks";
import { callWorker, createUrl, get, openTestDatabase, runCron } from "../harness";

interface Stats {
  from: string;
  to: string;
  granularity: "hour" | "day";
  total: number;
  human: number;
  unique: number;
  series: { start: string; clicks: number; human: number; unique: number }[];
  by_day?: { day: string; clicks: number }[];
  by_referrer: { referrer: string | null; clicks: number }[];
  by_country: { country: string | null; clicks: number }[];
  by_device: { device: string | null; clicks: number }[];
  by_browser: { browser: string | null; clicks: number }[];
  by_os: { os: string | null; clicks: number }[];
  by_class: { class: string | null; clicks: number }[];
  by_rule: { rule: number | null; clicks: number }[];
  by_variant: { rule: number | null; variant: number | null; clicks: number }[];
}

const database = openTestDatabase();
afterAll(() => database.close());
const config = readConfig(env);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function click(code: string, fields: Partial<StoredClick> = {}): StoredClick {
  return {
    id: crypto.randomUUID(),
    code,
    at: new Date().toISOString(),
    referrerHost: null,
    country: null,
    colo: null,
    device: "desktop",
    kind: "human",
    unique: true,
    ...fields,
  };
}

type RollupRow = {
  bucket?: string;
  clicks: number;
  human: number;
  bot: number;
  unique: number;
  breakdowns: Record<string, Record<string, number>>;
};

async function rollupRows(urlId: number, table: "click_rollups_hourly" | "click_rollups_daily" | "click_totals") {
  const bucket = table === "click_totals" ? "" : "bucket, ";
  const result = await database.db.execute<RollupRow>(
    `SELECT ${bucket}clicks, human, bot, "unique", breakdowns FROM ${table} WHERE url_id = ${urlId} ORDER BY 1`,
  );
  return result.rows.map((row) => (row.bucket ? { ...row, bucket: new Date(row.bucket).toISOString() } : row));
}

async function rawClicks(urlId: number): Promise<number> {
  const result = await database.db.execute<{ n: number }>(
    `SELECT count(*)::int AS n FROM clicks WHERE url_id = ${urlId}`,
  );
  return Number(result.rows[0]?.n);
}

async function statsWhen(path: string, done: (stats: Stats) => boolean): Promise<Stats> {
  const deadline = Date.now() + 20_000;
  let last: Stats | undefined;
  while (Date.now() < deadline) {
    last = (await get<Stats>(path)).body;
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`stats never got there: ${JSON.stringify(last)}`);
}

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

async function redirect(code: string, headers: Record<string, string>) {
  const { response, settled } = await callWorker(`/${code}`, { headers: { "User-Agent": BROWSER, ...headers } });
  expect(response.status).toBe(302);
  await settled();
}

describe("click rollups", () => {
  it("the consumer's statement adds every dimension to the hourly and daily rollups, once per click", async () => {
    const url = await createUrl();
    const threeHoursAgo = new Date(Math.floor(Date.now() / HOUR) * HOUR - 3 * HOUR + 60_000).toISOString();
    const batch = [
      click(url.short_code, {
        at: threeHoursAgo,
        country: "DE",
        referrerHost: "news.example.com",
        browser: "firefox",
        os: "windows",
      }),
      click(url.short_code, { at: threeHoursAgo, country: "DE", unique: false }),
      click(url.short_code, { at: threeHoursAgo, kind: "bot", device: "bot", unique: null }),
      click(url.short_code, { rule: 2, variant: 1, source: "qr", country: "FR" }),
    ];
    expect((await storeClicks(config, batch)).stored).toBe(4);
    // The same batch again (a redelivery), then half of it with one new click: only the new one counts.
    expect((await storeClicks(config, batch)).stored).toBe(0);
    expect(
      (await storeClicks(config, [...batch.slice(0, 2), click(url.short_code, { at: threeHoursAgo })])).stored,
    ).toBe(1);
    expect(await rawClicks(url.id)).toBe(5);

    const hourly = await rollupRows(url.id, "click_rollups_hourly");
    const earlier = new Date(Math.floor(Date.parse(threeHoursAgo) / HOUR) * HOUR).toISOString();
    // One row per link and hour: the classes and unique clicks as columns, every other dimension's
    // values in breakdowns ("" for none).
    expect(hourly).toEqual([
      {
        bucket: earlier,
        clicks: 4,
        human: 3,
        bot: 1,
        unique: 2,
        breakdowns: {
          country: { DE: 2, "": 2 },
          device: { desktop: 3, bot: 1 },
          // Clicks without a browser or operating system (here: built without them) count as "".
          browser: { firefox: 1, "": 3 },
          os: { windows: 1, "": 3 },
          referrer: { "news.example.com": 1, "": 3 },
          source: { "": 4 },
          rule: { "": 4 },
        },
      },
      {
        bucket: new Date(Math.floor(Date.parse(batch[3]?.at as string) / HOUR) * HOUR).toISOString(),
        clicks: 1,
        human: 1,
        bot: 0,
        unique: 1,
        breakdowns: {
          country: { FR: 1 },
          device: { desktop: 1 },
          browser: { "": 1 },
          os: { "": 1 },
          referrer: { "": 1 },
          source: { qr: 1 },
          rule: { "2": 1 },
          variant: { "2:1": 1 },
        },
      },
    ]);
    // The day and the whole life add up to the same counts, merged value by value.
    const sum = (rows: RollupRow[]) => {
      const merged: Record<string, Record<string, number>> = {};
      for (const row of rows) {
        for (const [dimension, values] of Object.entries(row.breakdowns)) {
          merged[dimension] ??= {};
          for (const [key, clicks] of Object.entries(values)) {
            merged[dimension][key] = (merged[dimension][key] ?? 0) + clicks;
          }
        }
      }
      const total = (field: "clicks" | "human" | "bot" | "unique") => rows.reduce((n, row) => n + row[field], 0);
      return { clicks: total("clicks"), human: total("human"), bot: total("bot"), unique: total("unique"), merged };
    };
    // The whole-life totals may be spread over shards: their sum is what counts.
    expect(sum(await rollupRows(url.id, "click_totals"))).toEqual(sum(hourly));
    expect(sum(await rollupRows(url.id, "click_rollups_daily"))).toEqual(sum(hourly));
  });

  it("clicks through the queue are counted in the rollups once, redeliveries included", async () => {
    const url = await createUrl();
    const message: ClickMessage = {
      id: crypto.randomUUID(),
      code: url.short_code,
      at: new Date().toISOString(),
      referrerHost: null,
      country: "NL",
      colo: "AMS",
      device: "mobile",
      kind: "human",
    };
    await env.CLICKS.send(message);
    await env.CLICKS.send(message);
    await env.CLICKS.send({ ...message, id: crypto.randomUUID() });
    const stats = await statsWhen(`/urls/${url.id}/stats`, (body) => body.total >= 2);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // any late duplicate would land by now
    expect((await get<Stats>(`/urls/${url.id}/stats`)).body.total).toBe(2);
    expect(stats.by_country).toEqual([{ country: "NL", clicks: 2 }]);
    expect(stats.by_device).toEqual([{ device: "mobile", clicks: 2 }]);
    // A message queued before clicks carried a browser and operating system is stored without them.
    expect(stats.by_browser).toEqual([{ browser: null, clicks: 2 }]);
    expect(stats.by_os).toEqual([{ os: null, clicks: 2 }]);
  });
});

describe("browsers and operating systems", () => {
  it("redirects are counted by the labels of their User-Agent, never the User-Agent itself", async () => {
    const url = await createUrl();
    const windowsChrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)";
    for (const agent of [
      BROWSER,
      `${windowsChrome} Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0`,
      `${windowsChrome} Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0`,
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S921B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
      "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      "curl/8.5.0",
    ]) {
      await redirect(url.short_code, { "User-Agent": agent });
    }
    const stats = await statsWhen(`/urls/${url.id}/stats`, (body) => body.total >= 7);
    const counts = (rows: Record<string, string | number | null>[], key: string) =>
      Object.fromEntries(rows.map((row) => [String(row[key]), row.clicks]));
    expect(counts(stats.by_browser, "browser")).toEqual({ chrome: 3, edge: 1, opera: 1, samsung: 1, other: 1 });
    expect(counts(stats.by_os, "os")).toEqual({ linux: 1, windows: 2, ios: 1, android: 1, chromeos: 1, other: 1 });
    expect(stats.by_browser[0]).toEqual({ browser: "chrome", clicks: 3 });
    // The bot is labelled too; its class says what it is.
    expect(stats.by_class).toContainEqual({ class: "bot", clicks: 1 });
    const stored = await database.db.execute<Record<string, unknown>>(
      `SELECT browser, os FROM clicks WHERE url_id = ${url.id}`,
    );
    expect(stored.rows).toHaveLength(7);
    expect(JSON.stringify(stored.rows)).not.toMatch(/Mozilla|CriOS|curl/);
  });
});

describe("GET /urls/{id}/stats windows", () => {
  it("hourly and daily series cover every bucket of the window; from and to choose the clicks", async () => {
    const url = await createUrl();
    const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
    await storeClicks(config, [
      click(url.short_code, { at: new Date(thisHour - 5 * HOUR + 1_000).toISOString() }),
      click(url.short_code, { at: new Date(thisHour - 5 * HOUR + 2_000).toISOString(), unique: false }),
      click(url.short_code, { at: new Date(thisHour - 2 * HOUR).toISOString(), kind: "preview", unique: null }),
      click(url.short_code, { at: new Date(thisHour).toISOString(), country: "JP" }),
      // Before the link existed (an imported history, say): outside the default daily window.
      click(url.short_code, { at: new Date(thisHour - 40 * DAY).toISOString() }),
    ]);

    const hourly = (await get<Stats>(`/urls/${url.id}/stats?granularity=hour`)).body;
    expect(hourly.granularity).toBe("hour");
    expect(hourly.series).toHaveLength(48);
    expect(hourly.to).toBe(new Date(thisHour + HOUR).toISOString());
    expect(hourly.from).toBe(new Date(thisHour + HOUR - 48 * HOUR).toISOString());
    expect(hourly.series.at(-1)).toEqual({ start: new Date(thisHour).toISOString(), clicks: 1, human: 1, unique: 1 });
    expect(hourly.series.at(-3)).toEqual({
      start: new Date(thisHour - 2 * HOUR).toISOString(),
      clicks: 1,
      human: 0,
      unique: 0,
    });
    expect(hourly.series.at(-6)).toMatchObject({ clicks: 2, human: 2, unique: 1 });
    expect(hourly).toMatchObject({ total: 4, human: 3, unique: 2 });
    expect(hourly.by_day).toBeUndefined();

    // A window of two hours: from rounded down, to rounded up, both whole buckets.
    const from = new Date(thisHour - 5 * HOUR + 30 * 60_000).toISOString();
    const to = new Date(thisHour - 3 * HOUR - 30 * 60_000).toISOString();
    const narrow = (await get<Stats>(`/urls/${url.id}/stats?granularity=hour&from=${from}&to=${to}`)).body;
    expect(narrow.series.map((point) => point.clicks)).toEqual([2, 0]);
    expect(narrow).toMatchObject({ total: 2, from: new Date(thisHour - 5 * HOUR).toISOString() });

    // Daily, by default the link's whole life: from its first click (an imported history, say,
    // before the link was created) to the end of today, breakdowns from its totals.
    const today = Math.floor(Date.now() / DAY) * DAY;
    const firstDay = Math.floor((thisHour - 40 * DAY) / DAY) * DAY;
    const daily = (await get<Stats>(`/urls/${url.id}/stats`)).body;
    expect(daily).toMatchObject({ granularity: "day", total: 5, human: 4, unique: 3 });
    expect(daily.from).toBe(new Date(firstDay).toISOString());
    expect(daily.to).toBe(new Date(today + DAY).toISOString());
    expect(daily.series).toHaveLength((today + DAY - firstDay) / DAY);
    expect(daily.by_day?.[0]).toEqual({ day: new Date(firstDay).toISOString().slice(0, 10), clicks: 1 });
    expect(daily.by_country).toEqual([
      { country: null, clicks: 4 },
      { country: "JP", clicks: 1 },
    ]);
    // A daily window by dates: the old click is left out.
    const day = (offset: number) => new Date(today + offset * DAY).toISOString().slice(0, 10);
    const recent = (await get<Stats>(`/urls/${url.id}/stats?from=${day(-2)}&to=${day(1)}`)).body;
    expect(recent.series).toHaveLength(3);
    expect(recent.total).toBe(4);
    expect(recent.by_country).toContainEqual({ country: null, clicks: 3 });
    const longer = (await get<Stats>(`/urls/${url.id}/stats?from=${day(-45)}&to=${day(1)}`)).body;
    expect(longer.total).toBe(5);
    expect(longer.series).toHaveLength(46);
    expect(longer.by_country).toContainEqual({ country: "JP", clicks: 1 });
    expect(longer.by_country).toContainEqual({ country: null, clicks: 4 });
  });

  it.each([
    ["from=yesterday", "from must be an RFC 3339 time"],
    ["to=2026-13-01", "to must be an RFC 3339 time"],
    ["from=2026-11-01T00:00:00", "from must be an RFC 3339 time"],
    ["granularity=week", "granularity must be hour or day"],
    ["from=2026-11-02&to=2026-11-01", "from must be before to"],
    ["granularity=hour&from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z", "an hourly window is at most 744 hours"],
    ["from=1990-01-01&to=2026-01-01", "a daily window is at most 3660 days"],
    ["limit=5", "limit"],
    ["from=2026-11-01&from=2026-11-02", "from"],
  ])("?%s is a 400 saying %s", async (query, message) => {
    const url = await createUrl();
    const response = await get<{ error: string }>(`/urls/${url.id}/stats?${query}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toContain(message);
  });
});

describe("unique clicks and Global Privacy Control", () => {
  it("a reload is not a second unique click; another visitor is; nothing identifying is stored", async () => {
    const url = await createUrl();
    await redirect(url.short_code, { "CF-Connecting-IP": "198.51.100.7" });
    await redirect(url.short_code, { "CF-Connecting-IP": "198.51.100.7" });
    await redirect(url.short_code, { "CF-Connecting-IP": "198.51.100.8" });
    // The same visitor on another link is that link's unique visitor.
    const other = await createUrl();
    await redirect(other.short_code, { "CF-Connecting-IP": "198.51.100.7" });
    const stats = await statsWhen(`/urls/${url.id}/stats`, (body) => body.total >= 3);
    expect(stats).toMatchObject({ total: 3, human: 3, unique: 2 });
    expect((await statsWhen(`/urls/${other.id}/stats`, (body) => body.total >= 1)).unique).toBe(1);
    const stored = await database.db.execute<Record<string, unknown>>(
      `SELECT * FROM clicks WHERE url_id = ${url.id} ORDER BY clicked_at`,
    );
    expect(stored.rows.map((row) => row.is_unique).sort()).toEqual([false, true, true]);
    expect(JSON.stringify(stored.rows)).not.toContain("198.51.100");
  });

  it("Sec-GPC: 1 keeps the click without its referrer, device, browser or operating system", async () => {
    const url = await createUrl();
    await redirect(url.short_code, { "Sec-GPC": "1", Referer: "https://private.example.org/page" });
    await redirect(url.short_code, { Referer: "https://public.example.org/page" });
    const stats = await statsWhen(`/urls/${url.id}/stats`, (body) => body.total >= 2);
    expect(stats.by_referrer).toEqual(
      expect.arrayContaining([
        { referrer: null, clicks: 1 },
        { referrer: "public.example.org", clicks: 1 },
      ]),
    );
    expect(stats.by_device).toEqual(
      expect.arrayContaining([
        { device: "unknown", clicks: 1 },
        { device: "desktop", clicks: 1 },
      ]),
    );
    expect(stats.by_browser).toEqual(
      expect.arrayContaining([
        { browser: null, clicks: 1 },
        { browser: "chrome", clicks: 1 },
      ]),
    );
    expect(stats.by_os).toEqual(
      expect.arrayContaining([
        { os: null, clicks: 1 },
        { os: "linux", clicks: 1 },
      ]),
    );
    expect(stats.human).toBe(2);
  });
});

describe("raw click retention", () => {
  it("the cron deletes clicks older than CLICK_RETENTION_DAYS; the rollups and stats keep them", async () => {
    const url = await createUrl();
    const now = Date.now();
    await storeClicks(config, [
      click(url.short_code, { at: new Date(now - 100 * DAY).toISOString(), country: "BR" }),
      click(url.short_code, { at: new Date(now - 95 * DAY).toISOString(), country: "BR" }),
      click(url.short_code, { at: new Date(now - 10 * DAY).toISOString() }),
    ]);
    const window = `from=${new Date(now - 120 * DAY).toISOString().slice(0, 10)}`;
    const before = (await get<Stats>(`/urls/${url.id}/stats?${window}`)).body;
    await runCron(now);
    expect(await rawClicks(url.id)).toBe(1);
    const after = (await get<Stats>(`/urls/${url.id}/stats?${window}`)).body;
    expect(after).toEqual(before);
    expect(after.by_country).toContainEqual({ country: "BR", clicks: 2 });

    // A shorter retention, as a setting.
    await runCron(now, { CLICK_RETENTION_DAYS: "5" });
    expect(await rawClicks(url.id)).toBe(0);
    expect((await get<Stats>(`/urls/${url.id}/stats?${window}`)).body.total).toBe(3);
  });

  it("deletes the default partition's clicks in bounded batches, oldest first, at most PRUNE_MAX_BATCHES per run", async () => {
    const url = await createUrl();
    // Two days ago: a day without a partition (the cron makes them from the day it runs onwards, and the
    // tests run it at about now), so these wait in the default partition; newer than any retention
    // another test's cron applies (5 days at the least), so only this test deletes them. Older clicks are
    // cleared first so "oldest first" means these.
    const base = Math.floor(Date.now() / HOUR) * HOUR - 2 * DAY;
    await deleteDefaultPartitionClicksBefore(database.db, new Date(base));
    const old = Array.from({ length: PRUNE_MAX_BATCHES + 5 }, (_, index) =>
      click(url.short_code, { at: new Date(base + index * 1_000).toISOString() }),
    );
    await storeClicks(config, old);
    const inDefault = await database.db.execute<{ n: number }>(
      `SELECT count(*)::int AS n FROM clicks_default WHERE url_id = ${url.id}`,
    );
    expect(inDefault.rows[0]?.n).toBe(PRUNE_MAX_BATCHES + 5);
    const cutoff = new Date(base + HOUR);
    expect(await deleteDefaultPartitionClicksBefore(database.db, cutoff, 1)).toBe(PRUNE_MAX_BATCHES);
    const left = await database.db.execute<{ at: string }>(
      `SELECT min(clicked_at) AS at FROM clicks WHERE url_id = ${url.id}`,
    );
    expect(new Date(left.rows[0]?.at as string).getTime()).toBe(base + PRUNE_MAX_BATCHES * 1_000);
    expect(await deleteDefaultPartitionClicksBefore(database.db, cutoff, 2)).toBe(5);
    expect(await rawClicks(url.id)).toBe(0);
  });

  it("CLICK_RETENTION_DAYS must be a whole number of days from 1", async () => {
    const { response } = await callWorker("/urls", {}, { CLICK_RETENTION_DAYS: "0" });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: expect.stringContaining("CLICK_RETENTION_DAYS") });
  });
});

describe("where a click happened", () => {
  it("a redirect's country and data centre are the ones Cloudflare's edge names in its headers", async () => {
    const url = await createUrl();
    await redirect(url.short_code, { "CF-IPCountry": "JP", "CF-Ray": "8c1a2b3c4d5e6f7a-NRT" });
    const stats = await statsWhen(`/urls/${url.id}/stats`, (body) => body.total >= 1);
    expect(stats.by_country).toEqual([{ country: "JP", clicks: 1 }]);
    const stored = await database.db.execute<{ country: string; colo: string }>(
      `SELECT country, colo FROM clicks WHERE url_id = ${url.id}`,
    );
    expect(stored.rows).toEqual([{ country: "JP", colo: "NRT" }]);
  });
});
