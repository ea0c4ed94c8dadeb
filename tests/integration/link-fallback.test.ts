// fallback_url: while a link's destination is broken (its health checks say so), people go to the
// fallback instead, from every cache tier; without one they still go to the destination, and each
// such human click is counted (linkscope_redirects_to_unhealthy_total: link rot, in clicks).
import { afterAll, describe, expect, it } from "vitest";
import { clearIsolateRedirects } from "../../worker/cache/link-cache";
import {
  alertLane,
  callApi,
  callWorker,
  countCalls,
  createUrl,
  ALLOW_PRIVATE as LOCAL,
  openTestDatabase,
  runCron,
  TEST_DESTINATIONS_URL as SERVER,
  scrapePrometheus,
  seriesValue,
  unique,
} from "../harness";

/** One failed check is enough to call a destination broken. */
const BREAK_AT_ONCE = { ...LOCAL, HEALTH_BROKEN_AFTER: "1", HEALTH_BROKEN_MIN_SPAN_MINUTES: "0" };
const BROWSER =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15";
const FALLBACK = "https://example.com/we-moved";
const database = openTestDatabase();
afterAll(() => database.close());

async function link(behaviour: string, fields: Record<string, unknown> = {}) {
  const created = await callApi("POST", "/urls", {
    body: { original_url: `${SERVER}/${unique("fb")}/${behaviour}`, ...fields },
    overrides: LOCAL,
  });
  expect(created.status).toBe(201);
  return created.body as { id: number; short_code: string; original_url: string; fallback_url: string | null };
}

async function follow(code: string, init: { userAgent?: string; method?: string; search?: string } = {}) {
  const { response, settled } = await callWorker(
    `/${code}${init.search ?? ""}`,
    { method: init.method ?? "GET", headers: { "User-Agent": init.userAgent ?? BROWSER } },
    LOCAL,
  );
  await settled();
  return { status: response.status, location: response.headers.get("Location") };
}

const checkNow = (id: number, overrides: Record<string, string> = BREAK_AT_ONCE) =>
  callApi("POST", `/urls/${id}/health/check`, { overrides });

describe("fallback_url", () => {
  it("is a destination like any other: checked by the same rules, shown on the link, cleared with null", async () => {
    const url = await link("ok", { fallback_url: FALLBACK });
    expect(url.fallback_url).toBe(FALLBACK);
    const bad: [unknown, string][] = [
      [42, "fallback_url must be a string or null"],
      ["javascript:alert(1)", "fallback_url: "],
      ["not a url", "fallback_url: "],
      [`https://example.com/${"x".repeat(2100)}`, "fallback_url: "],
    ];
    for (const [value, message] of bad) {
      const refused = await callApi("PATCH", `/urls/${url.id}`, { body: { fallback_url: value }, overrides: LOCAL });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toContain(message);
    }
    // This service's own host: a fallback must not loop back into it.
    const self = await callApi("PATCH", `/urls/${url.id}`, { body: { fallback_url: "https://linkscope.test/abc" } });
    expect(self.status).toBe(400);
    expect(self.body.error).toMatch(/^fallback_url: /);
    // A private address, unless ALLOW_PRIVATE_DESTINATIONS.
    const privateOne = await callApi("PATCH", `/urls/${url.id}`, { body: { fallback_url: `${SERVER}/x` } });
    expect(privateOne.status).toBe(400);
    const cleared = await callApi("PATCH", `/urls/${url.id}`, { body: { fallback_url: null } });
    expect(cleared.body.fallback_url).toBeNull();
    expect((await callApi("GET", `/urls/${url.id}`)).body.fallback_url).toBeNull();
  });

  it("sends people to the fallback once a check finds the destination broken, from Postgres and the isolate", async () => {
    const url = await link("missing", { fallback_url: FALLBACK, utm: { source: "rot" } });
    // Healthy as far as anyone knows: the destination, and the record is now cached.
    expect(await follow(url.short_code)).toEqual({ status: 302, location: `${url.original_url}?utm_source=rot` });

    const before = await scrapePrometheus();
    expect((await checkNow(url.id)).body.health.state).toBe("broken");
    // The check dropped the cached record: the next answer (from Postgres) knows, and so do the
    // cached ones after it. The fallback takes the link's UTM tags and forwarded query.
    const toFallback = { status: 302, location: `${FALLBACK}?utm_source=rot&ref=mail` };
    expect(await follow(url.short_code, { search: "?ref=mail" })).toEqual(toFallback);
    const calls = countCalls();
    expect(await follow(url.short_code, { search: "?ref=mail" })).toEqual(toFallback);
    expect(calls()).toMatchObject({ redis: 0, postgres: 0 }); // the isolate's copy
    // A bot and a HEAD are sent there too, but only people count.
    expect((await follow(url.short_code, { userAgent: "curl/8.5.0" })).location).toBe(`${FALLBACK}?utm_source=rot`);
    expect((await follow(url.short_code, { method: "HEAD" })).status).toBe(302);

    const after = await scrapePrometheus();
    const delta = (name: string) => seriesValue(after, name) - seriesValue(before, name);
    expect(delta("linkscope_redirects_to_fallback_total")).toBe(2);
    expect(delta("linkscope_redirects_to_unhealthy_total")).toBe(0);

    // The owner fixes the destination: health starts over (unknown) and the link leads there again.
    const fixed = await callApi("PATCH", `/urls/${url.id}`, { body: { original_url: "https://example.com/fixed" } });
    expect(fixed.body.health.state).toBe("unknown");
    expect((await follow(url.short_code)).location).toBe(`${fixed.body.original_url}?utm_source=rot`);
  });

  it("Redis's copy of the record knows too", async () => {
    const url = await createUrl({ original_url: "https://example.com/rotten", fallback_url: FALLBACK });
    // As a check leaves it, without the invalidation (its tombstone would keep Redis empty a while).
    await database.db.execute(`UPDATE urls SET health_state = 'broken' WHERE id = ${url.id}`);
    expect((await follow(url.short_code)).location).toBe(FALLBACK); // from Postgres, filling Redis
    clearIsolateRedirects();
    const calls = countCalls();
    expect((await follow(url.short_code)).location).toBe(FALLBACK);
    expect(calls()).toMatchObject({ redis: 1, postgres: 0 });
  });

  it("leaves a broken link without a fallback going to its destination, and counts each person sent there", async () => {
    const url = await link("error");
    await follow(url.short_code); // cached while healthy
    const before = await scrapePrometheus();
    expect((await checkNow(url.id)).body.health.state).toBe("broken");
    for (let i = 0; i < 4; i++) expect((await follow(url.short_code)).location).toBe(url.original_url);
    await follow(url.short_code, { userAgent: "Googlebot/2.1 (+http://www.google.com/bot.html)" });
    const after = await scrapePrometheus();
    expect(
      seriesValue(after, "linkscope_redirects_to_unhealthy_total") -
        seriesValue(before, "linkscope_redirects_to_unhealthy_total"),
    ).toBe(4);

    // Setting a fallback now takes effect on the next click (the edit drops the cached record).
    await callApi("PATCH", `/urls/${url.id}`, { body: { fallback_url: FALLBACK } });
    expect((await follow(url.short_code)).location).toBe(FALLBACK);
  });

  it("a suspect destination (one failure, not yet broken) is still followed; a rule's target is never replaced", async () => {
    const suspect = await link("missing", { fallback_url: FALLBACK });
    expect((await checkNow(suspect.id, LOCAL)).body.health.state).toBe("suspect");
    expect((await follow(suspect.short_code)).location).toBe(suspect.original_url);

    const withRule = await link("missing", {
      fallback_url: FALLBACK,
      rules: [
        {
          conditions: [{ type: "query", param: "app", op: "equals", values: ["1"] }],
          destination: "https://example.com/app",
        },
      ],
    });
    expect((await checkNow(withRule.id)).body.health.state).toBe("broken");
    // The rule's target was not checked: it is served as it is; the link's own destination falls back.
    expect((await follow(withRule.short_code, { search: "?app=1" })).location).toBe("https://example.com/app?app=1");
    expect((await follow(withRule.short_code)).location).toBe(FALLBACK);
  });

  it("the dashboard's sources show link rot per minute and the links by health", async () => {
    const url = await link("missing", { fallback_url: FALLBACK });
    await checkNow(url.id);
    await follow(url.short_code);
    const history = await callApi("GET", "/metrics/history?minutes=2");
    const recent = history.body.minutes as { broken_destinations: { followed: number; fallback: number } }[];
    expect(recent.reduce((sum, minute) => sum + minute.broken_destinations.fallback, 0)).toBeGreaterThanOrEqual(1);
    expect(recent.every((minute) => Number.isInteger(minute.broken_destinations.followed))).toBe(true);

    const lane = alertLane();
    await runCron(Math.floor(Date.now() / 60_000) * 60_000, lane.overrides);
    const status = await callApi("GET", "/alert-status", { overrides: lane.overrides });
    expect(status.body.links_by_health.broken).toBeGreaterThanOrEqual(1);
    expect(Object.keys(status.body.links_by_health).sort()).toEqual([
      "blocked",
      "broken",
      "healthy",
      "moved",
      "suspect",
      "unknown",
    ]);
  });
});
