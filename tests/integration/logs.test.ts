import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { log } from "../../worker/observability/logger";
import { callWorker, createUrl, get, send, sendJson, unique } from "../harness";

interface Entry {
  message: string;
  request_id?: string;
  route?: string;
  status?: number;
  stack?: unknown;
  error?: string;
}

describe("GET /logs", () => {
  it("returns recent request lines with their request ids, oldest first", async () => {
    const id = unique("logs-test-");
    await send("GET", "/health", { headers: { "X-Request-Id": id } });
    const response = await get<Entry[]>("/logs?limit=500");
    expect(response.status).toBe(200);
    const mine = response.body.find((entry) => entry.request_id === id);
    expect(mine).toMatchObject({ message: "request", route: "/health", status: 200 });
  });

  it("clamps the limit and refuses nonsense", async () => {
    for (let i = 0; i < 5; i++) await get("/health");
    expect((await get<Entry[]>("/logs?limit=3")).body).toHaveLength(3);
    const huge = await get<Entry[]>("/logs?limit=1000000");
    expect(huge.status).toBe(200);
    expect(huge.body.length).toBeLessThanOrEqual(500);
    for (const bad of ["0", "-1", "abc", "1.5"]) expect((await get(`/logs?limit=${bad}`)).status).toBe(400);
  });

  it("keeps raw paths, stacks and query parameters out", async () => {
    const token = unique("secret-path-");
    await get(`/${token}`);
    await get(`/users/${token}/x`);
    await sendJson("POST", "/users", { username: token, email: "not-an-email" });
    const { body } = await get<Entry[]>("/logs?limit=500");
    const text = JSON.stringify(body);
    expect(text).not.toContain(token);
    expect(body.every((entry) => entry.stack === undefined)).toBe(true);
    expect(text).not.toContain("params:");
  });
});

describe("LOG_REDIRECT_HIT_SAMPLE", () => {
  afterEach(() => vi.restoreAllMocks());

  /** The request lines printed for one request id while the worker answers it. */
  async function linesOf(path: string, overrides: Record<string, string>) {
    const printed = vi.spyOn(console, "log");
    const id = unique("sampled-");
    const { response, settled } = await callWorker(path, { headers: { "X-Request-Id": id } }, overrides);
    await settled();
    const lines = printed.mock.calls.map(([line]) => String(line)).filter((line) => line.includes(id));
    printed.mockRestore();
    return { status: response.status, lines: lines.map((line) => JSON.parse(line) as Entry & { cache_tier?: string }) };
  }

  it("samples the lines of cached answers only: whatever reached Postgres is always logged", async () => {
    const url = await createUrl();
    const never = { LOG_REDIRECT_HIT_SAMPLE: "0" };
    const fromPostgres = await linesOf(`/${url.short_code}`, never);
    expect(fromPostgres.status).toBe(302);
    expect(fromPostgres.lines).toHaveLength(1);
    const fromIsolate = await linesOf(`/${url.short_code}`, never);
    expect(fromIsolate.status).toBe(302);
    expect(fromIsolate.lines).toHaveLength(0);
    const unknown = await linesOf(`/${unique("nx")}`, never);
    expect(unknown.status).toBe(404);
    expect(unknown.lines).toHaveLength(1);

    // A link the isolate never keeps: its first answer fills Redis, the next come from there.
    const viaRedis = await createUrl();
    const noIsolate = { ISOLATE_CACHE_TTL_MS: "0" };
    expect((await linesOf(`/${viaRedis.short_code}`, { ...never, ...noIsolate })).lines).toMatchObject([
      { status: 302, cache_tier: "database" },
    ]);
    const fromRedis = await linesOf(`/${viaRedis.short_code}`, { ...never, ...noIsolate });
    expect(fromRedis.status).toBe(302);
    expect(fromRedis.lines).toHaveLength(0);
    // With every hit logged, the same Redis hit prints its line and says where it was answered.
    const logged = await linesOf(`/${viaRedis.short_code}`, { LOG_REDIRECT_HIT_SAMPLE: "1", ...noIsolate });
    expect(logged.lines).toMatchObject([{ message: "request", status: 302, cache_tier: "redis" }]);
  });
});

describe("LogRing", () => {
  it("keeps only the newest lines, and reads never return more than the ring holds", async () => {
    const ring = env.LOGS.get(env.LOGS.idFromName(unique("ring-test-")));
    for (let batch = 0; batch < 5; batch++) {
      await ring.append(Array.from({ length: 300 }, (_, i) => `line-${batch * 300 + i}`));
    }
    const all = await ring.recent(5_000);
    expect(all).toHaveLength(1_000);
    expect(all.at(-1)).toBe("line-1499");
    expect(all[0]).toBe("line-500");
    expect(await ring.recent(3)).toEqual(["line-1497", "line-1498", "line-1499"]);
  });
});

describe("secrets in logs", () => {
  it("never shows credentials from URLs, headers or error messages", async () => {
    const marker = unique("redaction-");
    await send("GET", `/users?per_page=1&token=${marker}-query`, {
      headers: { Authorization: `Bearer ${marker}-header` },
    });
    log("error", "dependency_failed", { error: `connect to postgres://app:${marker}-password@db.internal/app failed` });
    const { body } = await get<Entry[]>("/logs?limit=500");
    const text = JSON.stringify(body);
    expect(text).toContain("dependency_failed");
    expect(text).toContain("postgres://[redacted]@db.internal/app");
    expect(text).not.toContain(marker);
  });
});

describe("request ids", () => {
  it("keeps an upstream X-Request-Id only when TRUST_REQUEST_ID is true", async () => {
    const id = unique("upstream-");
    const trusted = await callWorker("/health", { headers: { "X-Request-Id": id } });
    expect(trusted.response.headers.get("X-Request-Id")).toBe(id);
    await trusted.settled();
    const untrusted = await callWorker("/health", { headers: { "X-Request-Id": id } }, { TRUST_REQUEST_ID: "false" });
    expect(untrusted.response.headers.get("X-Request-Id")).toMatch(/^[0-9a-f-]{36}$/);
    await untrusted.settled();
  });

  it("request lines carry the route template, colo and user agent class", async () => {
    const id = unique("line-");
    await send("GET", "/health", { headers: { "X-Request-Id": id, "User-Agent": "curl/8.5.0" } });
    const { body } = await get<(Entry & { ua_class?: string; duration_ms?: number })[]>("/logs?limit=500");
    const mine = body.find((entry) => entry.request_id === id);
    expect(mine).toMatchObject({ route: "/health", status: 200, ua_class: "cli" });
    expect(typeof mine?.duration_ms).toBe("number");
  });
});
