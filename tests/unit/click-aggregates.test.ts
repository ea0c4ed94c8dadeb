import { describe, expect, it } from "vitest";
import { aggregateClicks, factsOf } from "../../worker/services/clicks/click-aggregates";
import type { StoredClick } from "../../worker/services/clicks/store-clicks";

function click(overrides: Partial<StoredClick>): StoredClick {
  return {
    id: crypto.randomUUID(),
    code: "abc",
    url: 7,
    at: "2026-12-06T10:15:00.000Z",
    referrerHost: null,
    country: "DE",
    colo: "FRA",
    device: "mobile",
    browser: "chrome",
    os: "android",
    kind: "human",
    rule: null,
    variant: null,
    source: null,
    unique: true,
    ...overrides,
  };
}

describe("aggregateClicks", () => {
  it("sums a batch per link and hour, per link and day, and per link, in key order", () => {
    const sums = aggregateClicks([
      click({ url: 9, at: "2026-12-06T23:59:59.999Z" }),
      click({ country: null, kind: "bot", unique: null }),
      click({ at: "2026-12-06T11:00:00.000Z", referrerHost: "news.example", unique: false }),
      click({ url: 9, at: "2026-12-07T00:00:00.000Z", rule: 1, variant: 0, source: "qr" }),
      click({}),
    ]);
    expect(sums.hourly.map((delta) => [delta.urlId, delta.bucket, delta.clicks])).toEqual([
      [7, "2026-12-06T10:00:00.000Z", 2],
      [7, "2026-12-06T11:00:00.000Z", 1],
      [9, "2026-12-06T23:00:00.000Z", 1],
      [9, "2026-12-07T00:00:00.000Z", 1],
    ]);
    expect(sums.daily.map((delta) => [delta.urlId, delta.bucket, delta.clicks])).toEqual([
      [7, "2026-12-06T00:00:00.000Z", 3],
      [9, "2026-12-06T00:00:00.000Z", 1],
      [9, "2026-12-07T00:00:00.000Z", 1],
    ]);
    const [seven, nine] = sums.totals;
    expect(seven).toMatchObject({ urlId: 7, bucket: null, clicks: 3, unique: 1 });
    expect(seven?.classes).toEqual({ human: 2, bot: 1, preview: 0, head: 0, prefetch: 0 });
    expect(seven?.breakdowns.country).toEqual({ DE: 2, "": 1 });
    expect(seven?.breakdowns.referrer).toEqual({ "": 2, "news.example": 1 });
    expect(seven?.breakdowns.variant).toBeUndefined();
    expect(nine?.breakdowns).toMatchObject({
      rule: { "": 1, "1": 1 },
      variant: { "1:0": 1 },
      source: { "": 1, qr: 1 },
    });
  });

  it("names every fact as the rollups' SQL does: '' for none, a variant under its rule", () => {
    expect(factsOf(click({ country: null, browser: null, os: null, variant: 2 }))).toEqual([
      ["country", ""],
      ["device", "mobile"],
      ["browser", ""],
      ["os", ""],
      ["referrer", ""],
      ["source", ""],
      ["rule", ""],
      ["variant", ":2"],
    ]);
  });

  it("refuses a click without its link's id (the consumer leaves such a batch to SQL)", () => {
    expect(() => aggregateClicks([click({ url: undefined })])).toThrow(/link's id/);
  });
});
