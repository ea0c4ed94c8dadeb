import { describe, expect, it } from "vitest";
import { latencyQuantile } from "../../worker/services/metrics/minute-history";

describe("latencyQuantile", () => {
  it("interpolates inside the bucket that holds the rank, like histogram_quantile", () => {
    // 100 redirects: 50 within 10 ms, 90 within 25 ms, all within 50 ms.
    const sums = { redirects: 100, "redirect_le_0.01": 50, "redirect_le_0.025": 90, "redirect_le_0.05": 100 };
    expect(latencyQuantile(sums, 0.5)).toBe(10);
    expect(latencyQuantile(sums, 0.25)).toBe(5);
    expect(latencyQuantile(sums, 0.7)).toBe(17.5);
    expect(latencyQuantile(sums, 0.95)).toBe(37.5);
  });

  it("is null without redirects and the last bound beyond it", () => {
    expect(latencyQuantile({}, 0.5)).toBeNull();
    expect(latencyQuantile({ redirects: 10, redirect_le_5: 5 }, 0.99)).toBe(5000);
  });
});
