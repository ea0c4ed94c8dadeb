import { describe, expect, it } from "vitest";
import { clickLagQuantile, historyMinute, latencyQuantile } from "../../worker/services/metrics/minute-history";

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

describe("the click pipeline's minute", () => {
  it("estimates the consumer's lag from its buckets, in seconds", () => {
    // 20 messages read: 10 within 0.5 s, 18 within 2 s, all within 10 s.
    const full = {
      click_lag_messages: 20,
      "click_lag_le_0.5": 10,
      click_lag_le_1: 10,
      click_lag_le_2: 18,
      click_lag_le_5: 19,
      click_lag_le_10: 20,
    };
    expect(clickLagQuantile(full, 0.5)).toBe(0.5);
    expect(clickLagQuantile(full, 0.9)).toBe(2);
    expect(clickLagQuantile(full, 0.95)).toBe(5);
    expect(clickLagQuantile(full, 0.99)).toBe(9);
    expect(clickLagQuantile({}, 0.5)).toBeNull();
    expect(clickLagQuantile({ click_lag_messages: 1 }, 0.5)).toBe(1800); // beyond the last bound
  });

  it("gives messages per click, null in a minute without clicks", () => {
    const minute = historyMinute(0, {
      clicks_sent: 400,
      click_messages_sent: 5,
      click_lag_messages: 5,
      click_lag_le_1: 5,
    });
    expect(minute.clicks).toEqual({
      sent: 400,
      messages: 5,
      messages_per_click: 0.0125,
      lag_seconds: { p50: 0.75, p95: 0.975, p99: 0.995 },
    });
    expect(historyMinute(0, {}).clicks).toEqual({
      sent: 0,
      messages: 0,
      messages_per_click: null,
      lag_seconds: { p50: null, p95: null, p99: null },
    });
  });
});
