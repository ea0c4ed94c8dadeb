// A broken setting is said plainly, on every request, by name: never a bare "internal server
// error", never the value (it may be a secret).
import { afterEach, describe, expect, it, vi } from "vitest";
import { callWorker, unique } from "../harness";

const SECRETISH = "s3cret-d0-not-log";

afterEach(() => vi.restoreAllMocks());

describe("a misconfigured worker", () => {
  it.each([
    ["/users", "MAX_IMPORT_BYTES"],
    ["/health", "RATE_LIMITS"],
    [`/${unique("code")}`, "LOG_REDIRECT_HIT_SAMPLE"],
  ])("answers %s with 500 naming %s, and logs the name without the value", async (path, variable) => {
    const errors = vi.spyOn(console, "error");
    for (let attempt = 0; attempt < 2; attempt++) {
      const { response, settled } = await callWorker(path, {}, { [variable]: SECRETISH });
      expect(response.status).toBe(500);
      const body = (await response.json()) as { error: string };
      expect(body.error).toMatch(new RegExp(`^server misconfigured: ${variable}: `));
      expect(body.error).not.toContain(SECRETISH);
      await settled();
    }
    const lines = errors.mock.calls.map((call) => String(call[0])).filter((line) => line.includes("misconfigured"));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.every((line) => line.includes(`"misconfigured":["${variable}"]`))).toBe(true);
    expect(lines.some((line) => line.includes(SECRETISH))).toBe(false);
  });

  it("without a database, /health and every 503 it causes say how to get one", async () => {
    const nothing = { DATABASE_URL: "", UPSTASH_REDIS_REST_URL: "", UPSTASH_REDIS_REST_TOKEN: "" };
    const { response, settled } = await callWorker("/health", {}, nothing);
    expect(response.status).toBe(503);
    const health = (await response.json()) as { checks: { database: { detail?: string } } };
    expect(health.checks.database.detail).toContain("DATABASE_URL is not set: run `npm run services`");
    await settled();
    const users = await callWorker("/users", {}, nothing);
    expect(users.response.status).toBe(503);
    expect(((await users.response.json()) as { error: string }).error).toContain("npm run services");
    await users.settled();
  });
});
