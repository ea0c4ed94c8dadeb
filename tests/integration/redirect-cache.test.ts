import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { clearIsolateRedirects } from "../../worker/cache/link-cache";
import { readConfig } from "../../worker/config/env";
import { flushMetrics } from "../../worker/observability/metrics/flush";
import { resolveRedirect } from "../../worker/services/redirects/resolve-redirect";
import { callWorker, countCalls, createUrl, openTestDatabase, sendJson, unique } from "../harness";

describe("redirect cache tiers and budgets", () => {
  it("database, then isolate: an isolate hit makes no Redis, Postgres or Durable Object call", async () => {
    const url = await createUrl();
    const first = await callWorker(`/${url.short_code}`);
    expect(first.response.status).toBe(302);
    await first.settled();

    await flushMetrics(env); // a batch due now would otherwise land in the measured request
    const calls = countCalls();
    const second = await callWorker(`/${url.short_code}`);
    await second.settled();
    expect(second.response.status).toBe(302);
    expect(second.response.headers.get("Location")).toBe(url.original_url);
    expect(calls()).toEqual({ redis: 0, redisFailures: 0, postgres: 0, durableObject: 0 });
  });

  it("a Redis hit makes one Redis call and no Postgres call", async () => {
    const url = await createUrl();
    await (await callWorker(`/${url.short_code}`)).settled(); // fills Redis
    clearIsolateRedirects();
    await flushMetrics(env);
    const calls = countCalls();
    const { response, settled } = await callWorker(`/${url.short_code}`);
    await settled();
    expect(response.status).toBe(302);
    expect(calls()).toMatchObject({ redis: 1, postgres: 0, durableObject: 0 });
  });

  it("a miss answers first and fills the caches afterwards, in waitUntil", async () => {
    const url = await createUrl();
    clearIsolateRedirects();
    const calls = countCalls();
    const { response, settled } = await callWorker(`/${url.short_code}`);
    expect(response.status).toBe(302);
    // The answer needed one Redis read and the Postgres lookup; the fill had not started yet.
    const atResponse = calls();
    expect(atResponse.redis).toBe(1);
    expect(atResponse.postgres).toBe(1);
    await settled();
    expect(calls().redis).toBe(2); // the fill
  });

  it("unknown codes are cached as unknown, so a flood does not reach Postgres", async () => {
    const code = unique("nope");
    const first = await callWorker(`/${code}`);
    expect(first.response.status).toBe(404);
    await first.settled();
    const calls = countCalls();
    for (let i = 0; i < 20; i++) {
      const { response } = await callWorker(`/${code}`);
      expect(response.status).toBe(404);
    }
    expect(calls().postgres).toBe(0);
    clearIsolateRedirects();
    const fromRedis = await callWorker(`/${code}`);
    expect(fromRedis.response.status).toBe(404);
    expect(calls().postgres).toBe(0);
  });

  it("creating a link for a code cached as unknown makes it redirect at once", async () => {
    const code = unique("later-");
    await (await callWorker(`/${code}`)).settled();
    await createUrl({ short_code: code, original_url: "https://example.com/now-exists" });
    const { response } = await callWorker(`/${code}`);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("https://example.com/now-exists");
  });

  it("links created at once share invalidation round trips, and each redirects at once from Redis", async () => {
    const codes = Array.from({ length: 12 }, () => unique("burst-"));
    for (const code of codes) await (await callWorker(`/${code}`)).settled(); // each cached as unknown
    const calls = countCalls();
    await Promise.all(
      codes.map((code) => createUrl({ short_code: code, original_url: `https://example.com/${code}` })),
    );
    // Twelve writes, fewer round trips: those that finished during one invalidation went with the next.
    expect(calls().redis).toBeLessThan(codes.length);
    clearIsolateRedirects();
    for (const code of codes) {
      const { response } = await callWorker(`/${code}`);
      expect(response.status).toBe(302);
      expect(response.headers.get("Location")).toBe(`https://example.com/${code}`);
    }
  });

  it("an update is seen by the very next redirect, from every tier", async () => {
    const url = await createUrl();
    await (await callWorker(`/${url.short_code}`)).settled(); // cached in isolate and Redis
    await sendJson("PATCH", `/urls/${url.id}`, { original_url: "https://example.org/updated" });
    expect((await callWorker(`/${url.short_code}`)).response.headers.get("Location")).toBe(
      "https://example.org/updated",
    );
    clearIsolateRedirects();
    expect((await callWorker(`/${url.short_code}`)).response.headers.get("Location")).toBe(
      "https://example.org/updated",
    );
  });

  it("a deleted link stops redirecting at once, and a restored one comes back", async () => {
    const url = await createUrl();
    await (await callWorker(`/${url.short_code}`)).settled();
    await callWorker(`/urls/${url.id}`, { method: "DELETE" });
    expect((await callWorker(`/${url.short_code}`)).response.status).toBe(404);
    await sendJson("PUT", `/urls/${url.id}`, { is_active: true });
    expect((await callWorker(`/${url.short_code}`)).response.status).toBe(302);
  });

  it("a lookup in flight while the link is restored cannot put its stale 404 back in the isolate", async () => {
    const url = await createUrl();
    await callWorker(`/urls/${url.id}`, { method: "DELETE" });
    clearIsolateRedirects();
    // The lookup reads Postgres before the restore, and its fill runs after it (as a fill scheduled
    // behind a response can, on a busy isolate).
    const handle = openTestDatabase();
    try {
      const lookup = await resolveRedirect(
        { domainId: null, code: url.short_code },
        readConfig(env),
        () => handle.db,
        () => true,
      );
      expect(lookup.record).toBeNull();
      await sendJson("PUT", `/urls/${url.id}`, { is_active: true });
      await lookup.fill?.();
    } finally {
      await handle.close();
    }
    expect((await callWorker(`/${url.short_code}`)).response.status).toBe(302);
  });

  it("percent-encodes non-ASCII destinations in Location", async () => {
    const url = await createUrl({ original_url: "https://example.com/café" });
    const { response } = await callWorker(`/${url.short_code}`);
    expect(response.headers.get("Location")).toBe("https://example.com/caf%C3%A9");
  });
});
