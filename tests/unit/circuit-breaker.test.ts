import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../worker/cache/circuit-breaker";

const settings = { windowSize: 10, minimumCalls: 4, failureRatio: 0.5, openMs: 1_000 };

describe("CircuitBreaker", () => {
  it("stays closed below the minimum number of calls", () => {
    const breaker = new CircuitBreaker(settings);
    for (let i = 0; i < 3; i++) breaker.recordFailure(0);
    expect(breaker.state(0)).toBe("closed");
  });

  it("opens when half the window failed, and blocks calls while open", () => {
    const breaker = new CircuitBreaker(settings);
    breaker.recordSuccess();
    breaker.recordSuccess();
    breaker.recordFailure(0);
    expect(breaker.state(0)).toBe("closed");
    breaker.recordFailure(0);
    expect(breaker.state(0)).toBe("open");
    expect(breaker.allow(500)).toBe(false);
  });

  it("tolerates sparse failures among successes", () => {
    const breaker = new CircuitBreaker(settings);
    for (let i = 0; i < 50; i++) {
      if (i % 3 === 0) breaker.recordFailure(0);
      else breaker.recordSuccess();
    }
    expect(breaker.state(0)).toBe("closed");
  });

  it("lets one probe through after the open period; success closes, failure reopens", () => {
    const breaker = new CircuitBreaker(settings);
    for (let i = 0; i < 4; i++) breaker.recordFailure(0);
    expect(breaker.allow(1_000)).toBe(true);
    expect(breaker.allow(1_000)).toBe(false);
    breaker.recordFailure(1_000);
    expect(breaker.state(1_500)).toBe("open");
    expect(breaker.allow(2_000)).toBe(true);
    breaker.recordSuccess();
    expect(breaker.state(2_000)).toBe("closed");
    breaker.recordFailure(2_000);
    expect(breaker.state(2_000)).toBe("closed");
  });
});
