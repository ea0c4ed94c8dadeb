import { describe, expect, it } from "vitest";
import { clearIsolateRedirects } from "../../worker/cache/link-cache";
import { callWorker, countCalls, createUrl, get, sendJson, type Url } from "../harness";

const IPHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Version/18.0 Mobile/15E148 Safari/604.1";
const DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

interface Visit {
  country?: string;
  userAgent?: string;
  language?: string;
  ip?: string;
  cookie?: string;
  query?: string;
}

async function visit(code: string, who: Visit = {}) {
  const headers: Record<string, string> = { "User-Agent": who.userAgent ?? DESKTOP };
  if (who.language) headers["Accept-Language"] = who.language;
  if (who.ip) headers["CF-Connecting-IP"] = who.ip;
  if (who.cookie) headers.Cookie = who.cookie;
  const init = { headers, cf: who.country ? { country: who.country } : undefined } as RequestInit;
  const { response, settled } = await callWorker(`/${code}${who.query ?? ""}`, init);
  await settled();
  return {
    status: response.status,
    location: response.headers.get("Location"),
    cookie: response.headers.get("Set-Cookie"),
  };
}

async function dryRun(id: number, body: Record<string, unknown>) {
  return sendJson<{
    outcome: string;
    rule: number | null;
    variant: number | null;
    location: string | null;
    visitor_id: string | null;
  }>("POST", `/urls/${id}/rules/test`, body);
}

const RULES = [
  {
    conditions: [
      { type: "os", values: ["ios"] },
      { type: "query", param: "src", op: "equals", values: ["newsletter"] },
    ],
    destination: "https://example.com/app",
  },
  { conditions: [{ type: "country", values: ["de", "AT"] }], destination: "https://example.de/" },
  { conditions: [{ type: "language", values: ["fr"] }], destination: "https://example.fr/" },
  { conditions: [{ type: "ip", values: ["203.0.113.0/24"] }], destination: "https://example.com/office" },
  {
    conditions: [{ type: "device", values: ["mobile"] }],
    variants: [
      { url: "https://example.com/mobile-a", weight: 50 },
      { url: "https://example.com/mobile-b", weight: 50 },
    ],
  },
];

const VISITORS: Visit[] = [
  { userAgent: IPHONE, query: "?src=newsletter" },
  { userAgent: IPHONE, query: "?src=ads", cookie: "ls_vid=aaaaaaaaaaaaaaaa-0001" },
  { country: "DE" },
  { country: "AT", query: "?ref=x" },
  { language: "fr-FR,fr;q=0.9" },
  { ip: "203.0.113.9" },
  { userAgent: IPHONE, cookie: "ls_vid=0123456789abcdef0123" },
  { userAgent: IPHONE, cookie: "ls_vid=fedcba9876543210fedc" },
  { country: "US" },
];

describe("targeting rules", () => {
  it("stores rules normalised and answers them back", async () => {
    const url = await createUrl({ rules: RULES });
    expect(url.rules?.[1]).toEqual({
      conditions: [{ type: "country", values: ["DE", "AT"] }],
      destination: "https://example.de/",
    });
    const cleared = await sendJson<Url>("PATCH", `/urls/${url.id}`, { rules: [] });
    expect(cleared.body.rules).toBeNull();
  });

  it.each([
    [
      { rules: [{ conditions: [{ type: "country", values: ["DE", "XY"] }], destination: "https://a.example/" }] },
      "rules[0].conditions[0].values[1]: not an ISO 3166 country code",
    ],
    [
      { rules: [{ conditions: [], destination: "http://linkscope.test/abc" }] },
      "rules[0].destination: invalid url: links to this service itself are not allowed",
    ],
    [
      {
        rules: [
          {
            conditions: [],
            variants: [
              { url: "https://a.example/", weight: 60 },
              { url: "https://b.example/", weight: 60 },
            ],
          },
        ],
      },
      "rules[0].variants: weights must sum to 100 (they sum to 120)",
    ],
    [{ rules: { conditions: [] } }, "rules: must be a list"],
  ])("refuses bad rules with 400 naming the place (%#)", async (fields, message) => {
    const response = await sendJson<{ error: string }>("POST", "/urls", {
      original_url: "https://example.com/x",
      ...fields,
    });
    expect(response.status).toBe(400);
    expect(response.body.error).toBe(message);
  });

  it("routes each visitor by the first matching rule, the same from Postgres, Redis and the isolate", async () => {
    const url = await createUrl({ rules: RULES, utm: { source: "test" } });
    const answers = async () => {
      const all = [];
      for (const who of VISITORS) all.push((await visit(url.short_code, who)).location);
      return all;
    };
    clearIsolateRedirects();
    const fromPostgresThenIsolate = await answers();
    const calls = countCalls();
    const fromIsolate = await answers();
    expect(calls()).toMatchObject({ postgres: 0, redis: 0, durableObject: 0 });
    clearIsolateRedirects();
    const fromRedis = await answers();
    expect(fromIsolate).toEqual(fromPostgresThenIsolate);
    expect(fromRedis).toEqual(fromPostgresThenIsolate);
    // An iPhone without src=newsletter falls through to the mobile split (its cookie keeps its variant).
    expect(fromIsolate[1]).toMatch(/^https:\/\/example\.com\/mobile-[ab]\?utm_source=test&src=ads$/);
    expect([fromIsolate[0], ...fromIsolate.slice(2, 6)]).toEqual([
      "https://example.com/app?utm_source=test&src=newsletter",
      "https://example.de/?utm_source=test",
      "https://example.de/?utm_source=test&ref=x",
      "https://example.fr/?utm_source=test",
      "https://example.com/office?utm_source=test",
    ]);
    expect(fromIsolate[6]).toMatch(/^https:\/\/example\.com\/mobile-[ab]\?utm_source=test$/);
    expect(fromIsolate[8]).toBe(`${url.original_url}?utm_source=test`);
  });

  it("the dry run agrees with real requests, visitor by visitor", async () => {
    const url = await createUrl({ rules: RULES });
    for (const who of VISITORS) {
      const real = await visit(url.short_code, who);
      const visitorId = who.cookie?.split("=")[1];
      const test = await dryRun(url.id, {
        ...(who.country ? { country: who.country } : {}),
        user_agent: who.userAgent ?? DESKTOP,
        ...(who.language ? { accept_language: who.language } : {}),
        ...(who.ip ? { ip: who.ip } : {}),
        ...(who.query ? { query: Object.fromEntries(new URLSearchParams(who.query)) } : {}),
        ...(visitorId ? { visitor_id: visitorId } : {}),
      });
      expect(test.status).toBe(200);
      expect(test.body.location, JSON.stringify(who)).toBe(real.location);
    }
    const at = await dryRun(url.id, { at: "2020-01-01T00:00:00+02:00", country: "DE" });
    expect(at.body).toMatchObject({ outcome: "found", rule: 1, variant: null, location: "https://example.de/" });
    const bad = await dryRun(url.id, { at: "yesterday" });
    expect([bad.status, (bad.body as unknown as { error: string }).error]).toEqual([
      400,
      "at must be an RFC 3339 time with an offset, e.g. 2026-12-31T23:59:59Z",
    ]);
    expect((await dryRun(url.id, { country: 5 })).status).toBe(400);
    expect((await dryRun(url.id, { cookie: "x" })).status).toBe(400);
    expect((await dryRun(2_000_000_000, {})).status).toBe(404);
  });

  it("an A/B variant sticks to its visitor through the cookie it sets", async () => {
    const url = await createUrl({
      rules: [
        {
          conditions: [],
          variants: [
            { url: "https://example.com/a", weight: 50 },
            { url: "https://example.com/b", weight: 50 },
          ],
        },
      ],
    });
    const first = await visit(url.short_code);
    expect(first.cookie).toMatch(/^ls_vid=[0-9a-f-]{36}; Path=\/; Max-Age=31536000; HttpOnly; SameSite=Lax$/);
    const cookie = (first.cookie ?? "").split(";")[0] ?? "";
    for (let i = 0; i < 5; i++) {
      const again = await visit(url.short_code, { cookie });
      expect(again.location).toBe(first.location);
      expect(again.cookie).toBeNull();
    }
    // The dry run with that visitor's id names the same variant.
    const test = await dryRun(url.id, { visitor_id: cookie.split("=")[1] });
    expect(test.body.location).toBe(first.location);
  });

  it("clicks record their rule and variant: stats by_rule and by_variant", async () => {
    const url = await createUrl({ rules: RULES });
    await visit(url.short_code, { country: "DE" });
    await visit(url.short_code, { country: "DE" });
    await visit(url.short_code, { userAgent: IPHONE, cookie: "ls_vid=0123456789abcdef0123" });
    await visit(url.short_code, { country: "US" });
    const deadline = Date.now() + 20_000;
    let stats:
      | { total: number; by_rule: unknown[]; by_variant: { rule: number; variant: number; clicks: number }[] }
      | undefined;
    while (Date.now() < deadline) {
      stats = (await get<typeof stats & object>(`/urls/${url.id}/stats`)).body;
      if (stats.total >= 4) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(stats?.by_rule).toEqual(
      expect.arrayContaining([
        { rule: 1, clicks: 2 },
        { rule: 4, clicks: 1 },
        { rule: null, clicks: 1 },
      ]),
    );
    expect(stats?.by_variant).toHaveLength(1);
    expect(stats?.by_variant[0]).toMatchObject({ rule: 4, clicks: 1 });
  });
});
