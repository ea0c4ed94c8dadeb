import { describe, expect, it } from "vitest";
import { ipInRange, parseIpRange } from "../../worker/domain/ip-ranges";
import { checkRuleDestination, type LinkRecord, plainLinkRecord } from "../../worker/domain/link-record";
import { parseRules } from "../../worker/domain/link-rules";
import { decideRedirect } from "../../worker/domain/redirect-decision";
import { bucketOf } from "../../worker/domain/rule-matching";
import { browser, operatingSystem, preferredLanguage } from "../../worker/domain/user-agent-traits";
import { NO_FACTS, Visitor, type VisitorFacts } from "../../worker/domain/visitor";

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1";
const ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36";
const WINDOWS_EDGE =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0";
const MAC_FIREFOX = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:133.0) Gecko/20100101 Firefox/133.0";

function visitor(facts: Partial<VisitorFacts> = {}, search = ""): Visitor {
  return new Visitor(search, { ...NO_FACTS, ...facts });
}

function link(rules: unknown): LinkRecord {
  const parsed = parseRules(rules, checkRuleDestination);
  if (!parsed.ok) throw new Error(parsed.error);
  return { ...plainLinkRecord(42, "https://example.com/default"), rules: parsed.value };
}

const NOW = Date.parse("2026-06-01T12:00:00Z");
const decide = (record: LinkRecord, who: Visitor, now = NOW) => {
  const decision = decideRedirect(record, who, now);
  if (decision.outcome !== "found") throw new Error(decision.outcome);
  return decision;
};

describe("parseRules", () => {
  const bad: [unknown, string][] = [
    ["x", "rules: must be a list"],
    [
      Array.from({ length: 26 }, () => ({ conditions: [], destination: "https://a.example/" })),
      "rules: at most 25 rules",
    ],
    [[{ conditions: [], destination: "https://a.example/", extra: 1 }], "rules[0]: unknown field: extra"],
    [[{ conditions: [] }], "rules[0]: needs either a destination or variants"],
    [
      [
        { conditions: [], destination: "https://a.example/" },
        { conditions: [], destination: "https://a.example/" },
        { conditions: [{ type: "country", values: ["DE", "FR", "US", "ZZ"] }], destination: "https://a.example/" },
      ],
      "rules[2].conditions[0].values[3]: not an ISO 3166 country code",
    ],
    [
      [{ conditions: [{ type: "planet", values: ["mars"] }], destination: "https://a.example/" }],
      "rules[0].conditions[0].type: must be one of",
    ],
    [
      [{ conditions: [{ type: "os", values: ["beos"] }], destination: "https://a.example/" }],
      "rules[0].conditions[0].values[0]: not an operating system",
    ],
    [
      [{ conditions: [{ type: "ip", values: ["10.0.0.0/33"] }], destination: "https://a.example/" }],
      "rules[0].conditions[0].values[0]: not an IP address or CIDR range",
    ],
    [
      [{ conditions: [{ type: "query", values: ["x"] }], destination: "https://a.example/" }],
      "rules[0].conditions[0].param:",
    ],
    [
      [{ conditions: [{ type: "query", param: "a", op: "exists", values: ["x"] }], destination: "https://a.example/" }],
      "rules[0].conditions[0].values: exists takes no values",
    ],
    [
      [
        {
          conditions: [{ type: "time", op: "after", values: ["2026-01-01T00:00:00"] }],
          destination: "https://a.example/",
        },
      ],
      "rules[0].conditions[0].values[0]: not an RFC 3339 time",
    ],
    [
      [{ conditions: [{ type: "country", values: [] }], destination: "https://a.example/" }],
      "rules[0].conditions[0].values: at least one value",
    ],
    [
      [{ conditions: [{ type: "country", values: Array(301).fill("DE") }], destination: "https://a.example/" }],
      "rules[0].conditions[0].values: at most 300 values",
    ],
    [
      [{ conditions: Array(11).fill({ type: "device", values: ["mobile"] }), destination: "https://a.example/" }],
      "rules[0].conditions: at most 10 conditions",
    ],
    [[{ conditions: [], destination: "javascript:alert(1)" }], "rules[0].destination: invalid url"],
    [[{ conditions: [], destination: "http://192.168.0.1/" }], "rules[0].destination: invalid url: private"],
    [
      [{ conditions: [], variants: [{ url: "https://a.example/", weight: 100 }] }],
      "rules[0].variants: 2 to 10 variants",
    ],
    [
      [
        {
          conditions: [],
          variants: [
            { url: "https://a.example/", weight: 50 },
            { url: "https://b.example/", weight: 40 },
          ],
        },
      ],
      "rules[0].variants: weights must sum to 100 (they sum to 90)",
    ],
    [
      [
        {
          conditions: [],
          variants: [
            { url: "https://a.example/", weight: 50.5 },
            { url: "https://b.example/", weight: 49.5 },
          ],
        },
      ],
      "rules[0].variants[0].weight: an integer from 1 to 99",
    ],
    [
      [
        {
          conditions: [{ type: "country", values: Array(300).fill("x".repeat(60)) }],
          destination: "https://a.example/",
        },
      ],
      "rules: at most 16 KiB in all",
    ],
  ];
  it.each(bad)("%# refuses with the exact place", (rules, message) => {
    const result = parseRules(rules, checkRuleDestination);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });

  it("normalises values and serialises destinations", () => {
    const result = parseRules(
      [
        {
          conditions: [
            { type: "country", values: ["de"] },
            { type: "os", values: ["IOS"] },
          ],
          destination: "HTTPS://A.example",
        },
      ],
      checkRuleDestination,
    );
    expect(result).toEqual({
      ok: true,
      value: [
        {
          conditions: [
            { type: "country", values: ["DE"] },
            { type: "os", values: ["ios"] },
          ],
          destination: "https://a.example/",
        },
      ],
    });
  });
});

describe("rule matching", () => {
  it("first match wins; no match means original_url", () => {
    const record = link([
      { conditions: [{ type: "country", values: ["FR"] }], destination: "https://example.com/fr" },
      {
        conditions: [
          { type: "os", values: ["ios"] },
          { type: "country", values: ["DE"] },
        ],
        destination: "https://example.com/ios-de",
      },
      { conditions: [{ type: "os", values: ["ios"] }], destination: "https://example.com/ios" },
    ]);
    expect(decide(record, visitor({ country: "DE", userAgent: IPHONE }))).toMatchObject({
      rule: 1,
      location: "https://example.com/ios-de",
    });
    expect(decide(record, visitor({ country: "US", userAgent: IPHONE }))).toMatchObject({
      rule: 2,
      location: "https://example.com/ios",
    });
    expect(decide(record, visitor({ country: "FR", userAgent: IPHONE }))).toMatchObject({ rule: 0 });
    expect(decide(record, visitor({ country: "DE", userAgent: ANDROID }))).toMatchObject({
      rule: null,
      location: "https://example.com/default",
    });
  });

  it("reads every condition type", () => {
    const cases: [unknown, Visitor, boolean][] = [
      [{ type: "continent", values: ["EU"] }, visitor({ continent: "EU" }), true],
      [{ type: "device", values: ["mobile"] }, visitor({ userAgent: ANDROID }), true],
      [{ type: "device", values: ["desktop"] }, visitor({ userAgent: ANDROID }), false],
      [{ type: "browser", values: ["edge"] }, visitor({ userAgent: WINDOWS_EDGE }), true],
      [{ type: "browser", values: ["chrome"] }, visitor({ userAgent: WINDOWS_EDGE }), false],
      [{ type: "os", values: ["macos"] }, visitor({ userAgent: MAC_FIREFOX }), true],
      [{ type: "language", values: ["de"] }, visitor({ acceptLanguage: "de-AT,de;q=0.9,en;q=0.8" }), true],
      [{ type: "language", values: ["de"] }, visitor({ acceptLanguage: "en-US,en;q=0.9,de;q=0.8" }), false],
      [{ type: "query", param: "src", values: ["newsletter"] }, visitor({}, "?src=newsletter"), true],
      [{ type: "query", param: "src", values: ["newsletter"] }, visitor({}, "?src=ads"), false],
      [{ type: "query", param: "src", op: "exists" }, visitor({}, "?src="), true],
      [{ type: "query", param: "src", op: "absent" }, visitor({}, ""), true],
      [{ type: "ip", values: ["203.0.113.0/24"] }, visitor({ ip: "203.0.113.77" }), true],
      [{ type: "ip", values: ["2001:db8::/32"] }, visitor({ ip: "2001:db8:1::5" }), true],
      [{ type: "ip", values: ["2001:db8::/32"] }, visitor({ ip: "2001:db9::5" }), false],
      [{ type: "time", op: "after", values: ["2026-06-01T11:00:00Z"] }, visitor(), true],
      [{ type: "time", op: "before", values: ["2026-06-01T11:00:00Z"] }, visitor(), false],
    ];
    for (const [condition, who, matches] of cases) {
      const record = link([{ conditions: [condition], destination: "https://example.com/hit" }]);
      expect(decide(record, who).rule, JSON.stringify(condition)).toBe(matches ? 0 : null);
    }
  });

  it("an A/B split is sticky per visitor and spreads visitors by weight", () => {
    const record = link([
      {
        conditions: [],
        variants: [
          { url: "https://example.com/a", weight: 30 },
          { url: "https://example.com/b", weight: 70 },
        ],
      },
    ]);
    const counts = [0, 0];
    for (let i = 0; i < 4000; i++) {
      const id = `visitor-${String(i).padStart(12, "0")}`;
      const first = decide(record, visitor({ visitorId: id }));
      expect(decide(record, visitor({ visitorId: id })).variant).toBe(first.variant);
      counts[first.variant ?? 0] = (counts[first.variant ?? 0] ?? 0) + 1;
    }
    expect((counts[0] ?? 0) / 4000).toBeGreaterThan(0.26);
    expect((counts[0] ?? 0) / 4000).toBeLessThan(0.34);
  });

  it("changing a weight moves only that share of visitors", () => {
    const split = (a: number) =>
      link([
        {
          conditions: [],
          variants: [
            { url: "https://example.com/a", weight: a },
            { url: "https://example.com/b", weight: 100 - a },
          ],
        },
      ]);
    const before = split(50);
    const after = split(60);
    let moved = 0;
    for (let i = 0; i < 2000; i++) {
      const who = { visitorId: `visitor-${String(i).padStart(12, "0")}` };
      const was = decide(before, visitor(who)).variant;
      const is = decide(after, visitor(who)).variant;
      if (was !== is) {
        moved++;
        expect([was, is]).toEqual([1, 0]); // only from b to a, never the other way
      }
    }
    expect(moved / 2000).toBeGreaterThan(0.06);
    expect(moved / 2000).toBeLessThan(0.14);
  });

  it("a visitor without a cookie gets a new id, kept for the answer's cookie", () => {
    const record = link([
      {
        conditions: [],
        variants: [
          { url: "https://example.com/a", weight: 50 },
          { url: "https://example.com/b", weight: 50 },
        ],
      },
    ]);
    const newcomer = visitor();
    decide(record, newcomer);
    expect(newcomer.newVisitorId).toMatch(/^[0-9a-f-]{36}$/);
    const returning = visitor({ visitorId: "returning-visitor-0001" });
    decide(record, returning);
    expect(returning.newVisitorId).toBeUndefined();
    expect(bucketOf("returning-visitor-0001:42:0")).toBe(bucketOf("returning-visitor-0001:42:0"));
  });

  it("rule destinations get the link's forwarding and UTM tags", () => {
    const record = {
      ...link([{ conditions: [{ type: "country", values: ["DE"] }], destination: "https://example.de/?ref=aff" }]),
      utm: { source: "qr" },
    };
    expect(decide(record, visitor({ country: "DE" }, "?ref=x&lang=de")).location).toBe(
      "https://example.de/?ref=aff&utm_source=qr&lang=de",
    );
  });
});

describe("user agent traits and ranges", () => {
  it("tells operating systems, browsers and languages apart", () => {
    expect([
      operatingSystem(IPHONE),
      operatingSystem(ANDROID),
      operatingSystem(WINDOWS_EDGE),
      operatingSystem(MAC_FIREFOX),
    ]).toEqual(["ios", "android", "windows", "macos"]);
    expect([browser(IPHONE), browser(ANDROID), browser(WINDOWS_EDGE), browser(MAC_FIREFOX)]).toEqual([
      "safari",
      "chrome",
      "edge",
      "firefox",
    ]);
    expect(preferredLanguage("fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5")).toBe("fr-ch");
    expect(preferredLanguage("en;q=0.5, de;q=0.9")).toBe("de");
    expect(preferredLanguage("")).toBeNull();
  });

  it("matches IPv4 and IPv6 ranges exactly at their edges", () => {
    const v4 = parseIpRange("198.51.100.0/22");
    expect(v4 && ipInRange("198.51.103.255", v4)).toBe(true);
    expect(v4 && ipInRange("198.51.104.0", v4)).toBe(false);
    const all = parseIpRange("0.0.0.0/0");
    expect(all && ipInRange("8.8.8.8", all)).toBe(true);
    const v6 = parseIpRange("2001:db8:abcd:12::/63");
    expect(v6 && ipInRange("2001:db8:abcd:13:ffff::1", v6)).toBe(true);
    expect(v6 && ipInRange("2001:db8:abcd:14::1", v6)).toBe(false);
    expect(v6 && ipInRange("198.51.100.1", v6)).toBe(false);
    expect(parseIpRange("1.2.3.4/8/9")).toBeUndefined();
  });
});
