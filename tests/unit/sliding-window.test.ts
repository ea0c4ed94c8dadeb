import { describe, expect, it } from "vitest";
import { slidingWindowSums, windowMinutes } from "../../worker/observability/metrics/sliding-window";
import { summarise } from "../../worker/services/metrics/request-summary";

const MINUTE = 60_000;

describe("sliding window over per-minute counts", () => {
  it("asks for the current minute and the two the window reaches", () => {
    const now = 1_000 * MINUTE + 15_000;
    expect(windowMinutes(now, 120).map((range) => range.fromMinute)).toEqual([1000, 999, 998]);
  });

  it("counts whole minutes fully and the oldest by its overlap", () => {
    // 15 s into minute 1000: the window [now-120 s, now] covers 45 s of minute 998.
    const now = 1_000 * MINUTE + 15_000;
    const sums = slidingWindowSums(now, 120, [
      { requests: 10 },
      { requests: 60, errors: 6 },
      { requests: 40, errors: 4 },
    ]);
    expect(sums.requests).toBeCloseTo(10 + 60 + 40 * 0.75);
    expect(sums.errors).toBeCloseTo(6 + 3);
  });

  it("at the start of a minute the oldest minute counts in full", () => {
    const now = 1_000 * MINUTE;
    expect(slidingWindowSums(now, 120, [{ requests: 1 }, { requests: 2 }, { requests: 4 }]).requests).toBe(7);
  });
});

describe("summarise", () => {
  it("gives the seed's request fields and the cache ratios", () => {
    const now = 2_000_000;
    const summary = summarise(
      { requests: 200.4, errors: 13, tier_isolate: 60, tier_redis: 30, tier_database: 10 },
      now - 90_000,
      now,
    );
    expect(summary.requests).toEqual({ total: 200, errors: 13, error_rate: 0.065, window_seconds: 120 });
    expect(summary.uptime_seconds).toBe(90);
    expect(summary.cache).toEqual({
      window_seconds: 120,
      redirect_lookups: 100,
      hit_ratio: { isolate: 0.6, redis: 0.75, overall: 0.9 },
    });
  });

  it("has no ratios without traffic, and a zero error rate", () => {
    const summary = summarise({}, null, 5);
    expect(summary.requests.error_rate).toBe(0);
    expect(summary.uptime_seconds).toBe(0);
    expect(summary.cache.hit_ratio).toEqual({ isolate: null, redis: null, overall: null });
  });
});
