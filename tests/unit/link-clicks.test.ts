// The clicks part of a link's page, its pure half (worker/web/link-clicks.ts): the window a query asks
// for, the table beside the chart (bounded, whatever the window), the chart's data, the change in
// percent and the countries' names.
import { describe, expect, it } from "vitest";
import {
  type ClicksPoint,
  changeOf,
  chartDataOf,
  countryName,
  linkRefOf,
  PAGE_MAX_DAYS,
  parseClicksQuery,
  tableOf,
} from "../../worker/web/link-clicks";

const NOW = Date.parse("2026-11-29T13:45:00Z");
const iso = (date: Date | undefined) => date?.toISOString();

describe("the window a link page's query asks for", () => {
  it("is the last 30 days, daily, by default (today included)", () => {
    const request = parseClicksQuery({}, NOW);
    expect(request.errors).toEqual({});
    expect(request.form.window).toBe("30d");
    expect(request.preset).toBe("last 30 days");
    expect(request.query?.granularity).toBe("day");
    expect(iso(request.query?.from)).toBe("2026-10-31T13:45:00.000Z");
    expect(request.query?.to).toBeUndefined();
  });

  it("takes presets: 24 h hourly by default, 7 d daily or hourly", () => {
    const day = parseClicksQuery({ window: "24h" }, NOW);
    expect([day.query?.granularity, iso(day.query?.from)]).toEqual(["hour", "2026-11-28T14:45:00.000Z"]);
    const week = parseClicksQuery({ window: "7d" }, NOW);
    expect([week.query?.granularity, iso(week.query?.from)]).toEqual(["day", "2026-11-23T13:45:00.000Z"]);
    const hourly = parseClicksQuery({ window: "7d", granularity: "hour" }, NOW);
    // 168 hours, this one the last.
    expect(iso(hourly.query?.from)).toBe("2026-11-22T14:45:00.000Z");
    // 24 hours by the day: yesterday and today.
    expect(iso(parseClicksQuery({ window: "24h", granularity: "day" }, NOW).query?.from)).toBe(
      "2026-11-28T13:45:00.000Z",
    );
  });

  it("takes dates of one's own, `to` being that whole day", () => {
    const request = parseClicksQuery({ from: "2026-11-01", to: "2026-11-10" }, NOW);
    expect(request.form.window).toBe("custom");
    expect(request.preset).toBeUndefined();
    expect(request.query).toEqual({
      from: new Date("2026-11-01T00:00:00Z"),
      to: new Date("2026-11-11T00:00:00Z"),
      granularity: "day",
    });
    // A time is the API's exclusive end, as is.
    const timed = parseClicksQuery({ window: "custom", from: "2026-11-01", to: "2026-11-02T06:00:00Z" }, NOW);
    expect(iso(timed.query?.to)).toBe("2026-11-02T06:00:00.000Z");
    // Without `to`: up to now.
    expect(parseClicksQuery({ window: "custom", from: "2026-11-01" }, NOW).query?.to).toBeUndefined();
  });

  it("refuses what it cannot show, with the API's words where it has them", () => {
    const refusal = (query: Record<string, string>) => parseClicksQuery(query, NOW).errors.window;
    expect(refusal({ window: "90d" })).toBe("window must be one of 24h, 7d, 30d, custom");
    expect(refusal({ window: "7d", granularity: "minute" })).toBe("granularity must be hour or day");
    expect(refusal({ window: "custom" })).toMatch(/^from is needed/);
    expect(refusal({ from: "yesterday" })).toMatch(/^from must be an RFC 3339 time/);
    expect(refusal({ from: "2026-11-01", to: "2026-02-30" })).toMatch(/^to must be an RFC 3339 time/);
    expect(refusal({ from: "2025-01-01", to: "2026-11-01" })).toBe(
      `this page shows at most ${PAGE_MAX_DAYS} days at once: narrow from and to`,
    );
    // Hourly windows are the API's to refuse (its message names its own limit).
    expect(refusal({ from: "2026-01-01", to: "2026-11-01", granularity: "hour" })).toBeUndefined();
    // A refused window has nothing to ask.
    expect(parseClicksQuery({ window: "90d" }, NOW).query).toBeUndefined();
  });

  it("compares with the previous period or another link, not both", () => {
    expect(parseClicksQuery({ compare: "previous" }, NOW).compare).toEqual({ previous: true });
    expect(parseClicksQuery({ compare_link: "42" }, NOW).compare).toEqual({ link: { id: 42, code: "42" } });
    expect(parseClicksQuery({ compare_link: " promo " }, NOW).compare).toEqual({ link: { code: "promo" } });
    const both = parseClicksQuery({ compare: "previous", compare_link: "promo" }, NOW);
    expect([both.compare, both.errors.compare_link]).toEqual([
      undefined,
      "compare with the previous period or with another link, not both",
    ]);
    expect(parseClicksQuery({ compare: "last-year" }, NOW).errors.compare_link).toBe("compare must be previous");
    // The window still stands when only the comparison is refused.
    expect(parseClicksQuery({ compare: "last-year" }, NOW).query).toBeDefined();
  });

  it("reads a link to compare with as an id, a code, or a short link pasted whole", () => {
    expect(linkRefOf("17")).toEqual({ id: 17, code: "17" });
    expect(linkRefOf("2147483648")).toEqual({ id: undefined, code: "2147483648" });
    expect(linkRefOf("0")).toEqual({ id: undefined, code: "0" });
    expect(linkRefOf("https://go.example.com/spring-sale?ls_src=qr")).toEqual({ id: undefined, code: "spring-sale" });
  });
});

const point = (start: string, clicks: number, extra: Partial<ClicksPoint> = {}): ClicksPoint => ({
  start,
  clicks,
  human: clicks,
  unique: clicks,
  bot: 0,
  preview: 0,
  ...extra,
});

describe("the table beside the chart", () => {
  it("lists the buckets with clicks in either series, with the compared clicks in the same place", () => {
    const points = [
      point("2026-11-28T00:00:00.000Z", 0),
      point("2026-11-29T00:00:00.000Z", 5, { human: 3, unique: 2, bot: 1, preview: 1 }),
    ];
    const previous = [point("2026-11-26T00:00:00.000Z", 4), point("2026-11-27T00:00:00.000Z", 2)];
    expect(tableOf(points, undefined, "day")).toEqual({
      unit: "day",
      rows: [{ label: "2026-11-29", clicks: 5, human: 3, unique: 2, bot: 1, preview: 1, compared: undefined }],
    });
    expect(tableOf(points, previous, "day").rows.map((row) => [row.label, row.clicks, row.compared])).toEqual([
      ["2026-11-28", 0, 4],
      ["2026-11-29", 5, 2],
    ]);
  });

  it("adds hours up per day, and days per month, past its row limit", () => {
    const hours = Array.from({ length: 72 }, (_, hour) =>
      point(new Date(Date.parse("2026-11-27T00:00:00Z") + hour * 3_600_000).toISOString(), 1),
    );
    expect(tableOf(hours, undefined, "hour", 100).rows[0]?.label).toBe("2026-11-27 00:00");
    expect(tableOf(hours, undefined, "hour", 62)).toMatchObject({
      unit: "day",
      rows: [
        { label: "2026-11-27", clicks: 24 },
        { label: "2026-11-28", clicks: 24 },
        { label: "2026-11-29", clicks: 24 },
      ],
    });
    const days = Array.from({ length: 90 }, (_, day) =>
      point(new Date(Date.parse("2026-09-01T00:00:00Z") + day * 86_400_000).toISOString(), 2),
    );
    expect(tableOf(days, undefined, "day", 62).rows.map((row) => [row.label, row.clicks])).toEqual([
      ["2026-09", 60],
      ["2026-10", 62],
      ["2026-11", 58],
    ]);
  });
});

describe("the chart's data", () => {
  it("is where it starts, its step, an array per class and the compared clicks", () => {
    const points = [point("2026-11-29T12:00:00.000Z", 3, { human: 2, bot: 1 }), point("2026-11-29T13:00:00.000Z", 0)];
    const other = [point("2026-11-28T12:00:00.000Z", 7)];
    expect(chartDataOf(points, "hour", { label: "previous period", points: other })).toEqual({
      start: Date.parse("2026-11-29T12:00:00Z") / 1000,
      step: 3600,
      people: [2, 0],
      unique: [3, 0],
      bots: [1, 0],
      previews: [0, 0],
      other: undefined,
      compared: { label: "previous period", clicks: [7, 0] },
    });
  });

  it("carries HEAD requests and prefetches only when there are some", () => {
    const points = [point("2026-11-29T00:00:00.000Z", 4, { human: 1, bot: 1, preview: 1 })];
    expect(chartDataOf(points, "day")).toMatchObject({ step: 86_400, other: [1], compared: undefined });
  });
});

describe("numbers and names", () => {
  it("gives the change in percent, or new", () => {
    expect([changeOf(15, 10), changeOf(5, 10), changeOf(10, 10), changeOf(3, 0), changeOf(0, 0)]).toEqual([
      "+50 %",
      "-50 %",
      "0 %",
      "new",
      "0 %",
    ]);
  });

  it("names countries in English (workerd has Intl.DisplayNames), and Cloudflare's own codes", () => {
    expect(countryName("DE")).toBe("Germany");
    expect(countryName("US")).toBe("United States");
    expect([countryName(null), countryName("XX"), countryName("T1")]).toEqual(["unknown", "unknown", "Tor network"]);
  });
});
