import { describe, expect, it } from "vitest";
import { awayFromLimitWindowEdge, callWorker, createUrl, unique } from "../harness";

const LIMITS_ON = { RATE_LIMITS: "on" };
// Each test is its own client: the limiter counts per IP across every isolate.
const clientIp = () => `203.0.113.${Math.floor(Math.random() * 250) + 1}-${unique("")}`;

async function status(path: string, init: RequestInit) {
  const { response, settled } = await callWorker(path, init, LIMITS_ON);
  const body = await response.text();
  await settled();
  return { status: response.status, body, retryAfter: response.headers.get("Retry-After") };
}

describe("rate limits", () => {
  it("answers 429 with Retry-After once a client passes its write limit", async () => {
    const ip = clientIp();
    const write = () =>
      status("/users", {
        method: "POST",
        headers: { "CF-Connecting-IP": ip, "Content-Type": "application/json" },
        body: JSON.stringify({ username: "" }), // refused by validation: no row is written
      });
    await awayFromLimitWindowEdge();
    for (let i = 0; i < 120; i++) expect((await write()).status).toBe(400);
    const limited = await write();
    expect(limited.status).toBe(429);
    expect(limited.retryAfter).toBe("60");
    expect(JSON.parse(limited.body).error).toContain("too many writes");
    // Reads are not limited, and another client is not affected.
    expect((await status("/users?per_page=1", { headers: { "CF-Connecting-IP": ip } })).status).toBe(200);
    const other = await status("/users", {
      method: "POST",
      headers: { "CF-Connecting-IP": clientIp(), "Content-Type": "application/json" },
      body: "{}",
    });
    expect(other.status).toBe(400);
  });

  it("limits lookups of unknown codes per client, never redirects of cached links", async () => {
    const url = await createUrl();
    const ip = clientIp();
    const headers = { "CF-Connecting-IP": ip };
    expect((await status(`/${url.short_code}`, {})).status).toBe(302); // now in the caches
    await awayFromLimitWindowEdge();
    for (let i = 0; i < 60; i++) expect((await status(`/${unique("nx")}`, { headers })).status).toBe(404);
    const limited = await status(`/${unique("nx")}`, { headers });
    expect(limited.status).toBe(429);
    expect(limited.retryAfter).toBe("60");
    expect((await status(`/${url.short_code}`, { headers })).status).toBe(302);
    const metrics = await status("/prometheus", {});
    expect(metrics.body).toMatch(/linkscope_rate_limited_total\{by="ip",scope="lookup"\} [1-9]/);
    expect(metrics.body).toMatch(/linkscope_redirects_total\{outcome="limited",tier="[a-z]+"\} [1-9]/);
  });
});
