import { describe, expect, it } from "vitest";
import type { RequestSummary } from "../../worker/services/metrics/request-summary";
import { callWorker, createUrl, DEAD_DATABASE, get } from "../harness";

async function summary(): Promise<RequestSummary> {
  const response = await get<RequestSummary>("/metrics");
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toContain("application/json");
  return response.body;
}

describe("GET /metrics", () => {
  it("keeps the seed's shape and counts this test's requests and 5xx in the window", async () => {
    const before = await summary();
    for (let i = 0; i < 12; i++) await get("/health");
    for (let i = 0; i < 3; i++) {
      // An entity no cache holds: the request must reach the (dead) database.
      const { response, settled } = await callWorker(`/users/${1_900_000_000 + i}`, {}, DEAD_DATABASE);
      expect(response.status).toBe(503);
      await settled();
    }
    const after = await summary();
    expect(after.requests.window_seconds).toBe(120);
    // Other test files share the shards and the window also drops old minutes, so bound it:
    // at least this test's 15 requests (and the /metrics call before them) are new.
    expect(after.requests.total).toBeGreaterThanOrEqual(16);
    expect(after.requests.errors).toBeGreaterThanOrEqual(3);
    expect(after.requests.error_rate).toBeCloseTo(after.requests.errors / after.requests.total, 4);
    expect(Number.isInteger(after.uptime_seconds)).toBe(true);
    expect(after.uptime_seconds).toBeGreaterThanOrEqual(before.uptime_seconds);
  });

  it("reports redirect cache hit ratios from the same data", async () => {
    const url = await createUrl();
    for (let i = 0; i < 6; i++) await (await callWorker(`/${url.short_code}`)).settled();
    const { cache } = await summary();
    expect(cache.redirect_lookups).toBeGreaterThanOrEqual(6);
    expect(cache.hit_ratio.isolate).toBeGreaterThan(0);
    expect(cache.hit_ratio.overall).toBeGreaterThanOrEqual(cache.hit_ratio.isolate ?? 0);
    expect(cache.hit_ratio.overall).toBeLessThanOrEqual(1);
  });
});
