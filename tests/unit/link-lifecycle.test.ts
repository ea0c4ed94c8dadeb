import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type LinkRecord, parseLinkRecord, plainLinkRecord } from "../../worker/domain/link-record";
import { linkState } from "../../worker/domain/link-state";
import { decideRedirect, searchOf } from "../../worker/domain/redirect-decision";
import { NO_FACTS, Visitor } from "../../worker/domain/visitor";
import { parseRfc3339 } from "../../worker/lib/time";

const NOBODY = new Visitor("", NO_FACTS);

const NOW = Date.parse("2026-06-01T12:00:00Z");
const record = (fields: Partial<LinkRecord> = {}): LinkRecord => ({
  ...plainLinkRecord(7, "https://example.com/page"),
  ...fields,
});

describe("decideRedirect", () => {
  it("is exact to the millisecond at both ends of the window", () => {
    const link = record({ validSince: NOW, expiresAt: NOW + 1000 });
    expect(decideRedirect(link, NOBODY, NOW - 1)).toEqual({ outcome: "scheduled", validSince: NOW });
    expect(decideRedirect(link, NOBODY, NOW).outcome).toBe("found");
    expect(decideRedirect(link, NOBODY, NOW + 999).outcome).toBe("found");
    expect(decideRedirect(link, NOBODY, NOW + 1000)).toEqual({ outcome: "expired", fallback: null });
  });

  it("sends an ended link to its expired_url when it has one", () => {
    const link = record({ expiresAt: NOW, expiredUrl: "https://example.com/ended" });
    expect(decideRedirect(link, NOBODY, NOW)).toEqual({ outcome: "expired", fallback: "https://example.com/ended" });
    const used = record({ maxClicks: 3, clicksUsed: 3 });
    expect(decideRedirect(used, NOBODY, NOW)).toEqual({ outcome: "exhausted", fallback: null });
  });

  it("a broken destination: followed without a fallback_url, replaced by it (with forwarding and UTM tags) with one", () => {
    const visitor = new Visitor("?ref=x", NO_FACTS);
    const healthy = decideRedirect(record({ fallbackUrl: "https://example.com/fb" }), visitor, NOW);
    expect(healthy).toMatchObject({ location: "https://example.com/page?ref=x", broken: null });
    const followed = decideRedirect(record({ destinationBroken: true }), visitor, NOW);
    expect(followed).toMatchObject({ location: "https://example.com/page?ref=x", broken: "followed" });
    const link = record({ destinationBroken: true, fallbackUrl: "https://example.com/fb#top", utm: { source: "s" } });
    const rescued = decideRedirect(link, visitor, NOW);
    expect(rescued).toMatchObject({ location: "https://example.com/fb?utm_source=s&ref=x#top", broken: "fallback" });
    // The same record again: the same answer (its prepared fallback is reused).
    expect(decideRedirect(link, visitor, NOW)).toEqual(rescued);
    // Ended links still end: the fallback_url is not an expired_url.
    expect(decideRedirect({ ...link, expiresAt: NOW }, visitor, NOW)).toEqual({ outcome: "expired", fallback: null });
  });

  it("agrees with linkState on every combination of times, caps and clock", () => {
    const time = fc.option(fc.integer({ min: NOW - 5000, max: NOW + 5000 }), { nil: null });
    fc.assert(
      fc.property(
        time,
        time,
        fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
        fc.nat(6),
        (a, b, max, used) => {
          const [validSince, expiresAt] = a !== null && b !== null && a >= b ? [b - 1, a] : [a, b];
          const link = record({ validSince, expiresAt, maxClicks: max, clicksUsed: used });
          const state = linkState({ isActive: true, validSince, expiresAt, maxClicks: max, clicksUsed: used }, NOW);
          const outcome = decideRedirect(link, NOBODY, NOW).outcome;
          expect(outcome === "found" ? "active" : outcome).toBe(state);
        },
      ),
    );
  });
});

describe("searchOf", () => {
  it("takes the query without the fragment", () => {
    expect(searchOf("https://s.example/abc?x=1#f")).toBe("?x=1");
    expect(searchOf("https://s.example/abc")).toBe("");
  });
});

describe("parseRfc3339", () => {
  it("needs an offset and a real date", () => {
    expect(parseRfc3339("2026-12-31T23:59:59Z")?.toISOString()).toBe("2026-12-31T23:59:59.000Z");
    expect(parseRfc3339("2026-12-31T23:59:59.250+02:00")?.toISOString()).toBe("2026-12-31T21:59:59.250Z");
    expect(parseRfc3339("2026-12-31T00:30:00-05:30")?.toISOString()).toBe("2026-12-31T06:00:00.000Z");
    for (const bad of [
      "2026-12-31T23:59:59",
      "2026-02-30T00:00:00Z",
      "2026-12-31 23:59:59Z",
      "tomorrow",
      "2026-12-31T24:00:00Z",
    ]) {
      expect(parseRfc3339(bad), bad).toBeUndefined();
    }
  });
});

describe("parseLinkRecord", () => {
  it("round-trips a record and refuses anything else from Redis", () => {
    const good = record({
      utm: { source: "a" },
      expiredUrl: "https://example.com/x",
      maxClicks: 5,
      destinationBroken: true,
      fallbackUrl: "https://example.com/fb",
    });
    expect(parseLinkRecord(JSON.stringify(good))).toEqual(good);
    for (const bad of [
      "https://example.com/plain-destination-from-before",
      JSON.stringify({ ...good, v: 0 }),
      JSON.stringify({ ...good, destination: "javascript:alert(1)" }),
      JSON.stringify({ ...good, expiredUrl: "http://127.0.0.1/" }),
      JSON.stringify({ ...good, forwarding: "all" }),
      JSON.stringify({ ...good, utm: { evil: "x" } }),
      JSON.stringify({ ...good, maxClicks: -1 }),
      JSON.stringify({ ...good, destinationBroken: "yes" }),
      JSON.stringify({ ...good, fallbackUrl: "javascript:alert(1)" }),
      JSON.stringify({ ...good, v: 3 }),
      "42",
      "null",
    ]) {
      expect(parseLinkRecord(bad), bad).toBeUndefined();
    }
  });
});
