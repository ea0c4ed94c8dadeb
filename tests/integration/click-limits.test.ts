import { describe, expect, it } from "vitest";
import { callWorker, countCalls, createUrl, createUser, get, sendJson, type Url } from "../harness";

const BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
const HTML = "text/html,application/xhtml+xml";

async function follow(code: string, headers: Record<string, string> = {}, method = "GET", overrides = {}) {
  const { response, settled } = await callWorker(
    `/${code}`,
    { method, headers: { "User-Agent": BROWSER, ...headers } },
    overrides,
  );
  const body = await response.text();
  await settled();
  return { status: response.status, headers: response.headers, body };
}

async function urlWhen(id: number, done: (url: Url) => boolean): Promise<Url> {
  const deadline = Date.now() + 20_000;
  let last: Url | undefined;
  while (Date.now() < deadline) {
    last = (await get<Url>(`/urls/${id}`)).body;
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`url never got there: ${JSON.stringify(last)}`);
}

describe("max_clicks", () => {
  it("40 concurrent clicks on a max_clicks: 10 link give exactly 10 redirects, then 410", async () => {
    const owner = await createUser();
    const url = await createUrl({ max_clicks: 10, user_id: owner.id });
    const answers = await Promise.all(Array.from({ length: 40 }, () => follow(url.short_code)));
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 302)).toHaveLength(10);
    expect(statuses.filter((status) => status === 410)).toHaveLength(30);
    const after = await follow(url.short_code, { Accept: HTML });
    expect(after.status).toBe(410);
    expect(after.body).toContain("reached its click limit");
    // The consumer stores the 10 human clicks, and the API says so.
    const stored = await urlWhen(url.id, (current) => current.clicks_remaining === 0);
    expect(stored).toMatchObject({ state: "exhausted", clicks_remaining: 0, max_clicks: 10 });
    const exhausted = await get<Url[]>(`/urls?state=exhausted&user_id=${owner.id}`);
    expect(exhausted.body.map((listed) => listed.id)).toEqual([url.id]);
  });

  it("bots, link previews, HEAD and prefetches spend nothing and get a neutral page", async () => {
    const url = await createUrl({ max_clicks: 1 });
    const visitors: [Record<string, string>, string][] = [
      [{ "User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)" }, "GET"],
      [{ "User-Agent": "http.rb/5.1.1 (Mastodon/4.2.10; +https://mastodon.social/)" }, "GET"],
      [{ "User-Agent": "Mozilla/5.0 (compatible; Bluesky Cardyb/1.1; +mailto:support@bsky.app)" }, "GET"],
      [{ "User-Agent": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)" }, "GET"],
      [{ "User-Agent": "curl/8.5.0" }, "GET"],
      [{}, "HEAD"],
      [{ "Sec-Purpose": "prefetch" }, "GET"],
      [{ Purpose: "prefetch" }, "GET"],
      [{ "User-Agent": "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0)" }, "GET"],
      [{ "User-Agent": "Misskey/2024.8.0 (https://misskey.io)" }, "GET"],
    ];
    const calls = countCalls();
    for (let round = 0; round < 5; round++) {
      for (const [headers, method] of visitors) {
        const answer = await follow(url.short_code, headers, method);
        expect(answer.status).toBe(200);
        expect(answer.headers.get("Location")).toBeNull();
        expect(answer.headers.get("X-Robots-Tag")).toBe("noindex");
        if (method === "GET") expect(answer.body).not.toContain(url.original_url);
      }
    }
    // 50 requests, no reservation made.
    expect(calls().durableObject).toBe(0);
    // The one click is still there for a person.
    const person = await follow(url.short_code);
    expect([person.status, person.headers.get("Location")]).toEqual([302, url.original_url]);
    expect((await follow(url.short_code)).status).toBe(410);
  });

  it("no User-Agent, an empty one or one nobody recognises spends nothing: plain scripts are not people", async () => {
    const url = await createUrl({ max_clicks: 1 });
    const calls = countCalls();
    for (let round = 0; round < 3; round++) {
      // No User-Agent header at all (follow() would send a browser's).
      const { response, settled } = await callWorker(`/${url.short_code}`);
      const body = await response.text();
      await settled();
      expect([response.status, response.headers.get("Location")]).toEqual([200, null]);
      expect(body).toContain("Open this link in a browser");
      for (const agent of ["", "something else entirely", "MyScript"]) {
        const answer = await follow(url.short_code, { "User-Agent": agent });
        expect([agent, answer.status, answer.headers.get("Location")]).toEqual([agent, 200, null]);
      }
    }
    // The flood: 300 anonymous GETs at once, each a neutral page from memory (they used to
    // queue on the link's Durable Object, spend its clicks and fire the latency page).
    const flood = await Promise.all(
      Array.from({ length: 300 }, async () => {
        const { response, settled } = await callWorker(`/${url.short_code}`);
        await response.arrayBuffer();
        await settled();
        return response.status;
      }),
    );
    expect(new Set(flood)).toEqual(new Set([200]));
    expect(calls().durableObject).toBe(0);
    const person = await follow(url.short_code);
    expect([person.status, person.headers.get("Location")]).toEqual([302, url.original_url]);
    expect((await follow(url.short_code)).status).toBe(410);
  });

  it("a retried reservation with the same click id is granted once", async () => {
    const { env } = await import("cloudflare:workers");
    const url = await createUrl({ max_clicks: 2 });
    const quota = env.LINK_QUOTAS.get(env.LINK_QUOTAS.idFromName(String(url.id)));
    const clickId = crypto.randomUUID();
    expect(await quota.reserve(clickId, 2, 0)).toEqual({ granted: true, used: 1 });
    expect(await quota.reserve(clickId, 2, 0)).toEqual({ granted: true, used: 1 });
    expect(await quota.reserve(crypto.randomUUID(), 2, 0)).toEqual({ granted: true, used: 2 });
    expect(await quota.reserve(crypto.randomUUID(), 2, 0)).toEqual({ granted: false, used: 2 });
    // Clicks Postgres has stored seed the count (an object that lost its state cannot oversell).
    const fresh = env.LINK_QUOTAS.get(env.LINK_QUOTAS.idFromName(`${url.id}-fresh`));
    expect(await fresh.reserve(crypto.randomUUID(), 5, 5)).toEqual({ granted: false, used: 5 });
  });

  it("lowering max_clicks below the clicks used makes the link exhausted at once; raising it reopens", async () => {
    const url = await createUrl({ max_clicks: 5, expired_url: "https://example.com/sold-out" });
    for (let i = 0; i < 3; i++) expect((await follow(url.short_code)).status).toBe(302);
    await urlWhen(url.id, (current) => current.clicks_remaining === 2);
    const lowered = await sendJson<Url>("PATCH", `/urls/${url.id}`, { max_clicks: 2 });
    expect(lowered.body).toMatchObject({ state: "exhausted", clicks_remaining: 0 });
    const fallback = await follow(url.short_code);
    expect([fallback.status, fallback.headers.get("Location")]).toEqual([302, "https://example.com/sold-out"]);
    await sendJson("PATCH", `/urls/${url.id}`, { max_clicks: 4 });
    expect((await follow(url.short_code)).status).toBe(302);
    expect((await follow(url.short_code)).headers.get("Location")).toBe("https://example.com/sold-out");
  });

  it("uncapped links make no reservation; a capped one makes exactly one per human click", async () => {
    const free = await createUrl();
    await follow(free.short_code);
    const freeCalls = countCalls();
    await follow(free.short_code);
    expect(freeCalls()).toMatchObject({ postgres: 0, redis: 0, durableObject: 0 });
    const capped = await createUrl({ max_clicks: 100 });
    await follow(capped.short_code);
    const cappedCalls = countCalls();
    await follow(capped.short_code);
    expect(cappedCalls()).toMatchObject({ postgres: 0, redis: 0, durableObject: 1 });
  });

  it("when the reservation cannot be made, a capped link answers 503 with Retry-After, never a redirect", async () => {
    const url = await createUrl({ max_clicks: 3 });
    const broken = {
      LINK_QUOTAS: {
        idFromName: () => ({}),
        get: () => {
          throw new Error("durable object unreachable");
        },
      },
    };
    const answer = await follow(url.short_code, {}, "GET", broken);
    expect(answer.status).toBe(503);
    expect(answer.headers.get("Retry-After")).toBe("5");
    expect(JSON.parse(answer.body).error).toContain("try again");
    // An uncapped link does not depend on it.
    const free = await createUrl();
    expect((await follow(free.short_code, {}, "GET", broken)).status).toBe(302);
  });
});
