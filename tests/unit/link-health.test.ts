// A link's health after each check: the states, the broken rule (count and span), blocked as
// inconclusive, moved, and when the next check is due.
import { describe, expect, it } from "vitest";
import { type LinkHealth, nextHealth, UNCHECKED } from "../../worker/services/link-health/next-health";
import type { ProbeResult } from "../../worker/services/link-health/probe-destination";

const SETTINGS = {
  HEALTH_BROKEN_AFTER: 3,
  HEALTH_BROKEN_MIN_SPAN_MINUTES: 120,
  HEALTH_ACTIVE_INTERVAL_HOURS: 6,
  HEALTH_IDLE_INTERVAL_HOURS: 168,
  HEALTH_RETRY_MINUTES: 60,
};
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DESTINATION = "https://www.example.com/page";

const result = (fields: Partial<ProbeResult>): ProbeResult => ({
  outcome: "ok",
  status: 200,
  finalUrl: DESTINATION,
  hops: 0,
  latencyMs: 30,
  error: null,
  retryAfterSeconds: null,
  ...fields,
});
const failure = result({ outcome: "failure", status: 404, error: "http_status" });

function run(steps: [at: number, probe: ProbeResult][], clicked = true): LinkHealth[] {
  let health = UNCHECKED;
  return steps.map(([at, probe]) => {
    health = nextHealth(health, probe, DESTINATION, SETTINGS, at, clicked);
    return health;
  });
}

describe("nextHealth", () => {
  it("healthy, then checked again in 6 hours (clicked lately) or a week (not)", () => {
    expect(run([[0, result({})]])[0]).toMatchObject({ state: "healthy", failures: 0, nextCheckAt: 6 * HOUR });
    expect(run([[0, result({})]], false)[0]).toMatchObject({ nextCheckAt: 168 * HOUR });
  });

  it("one failure is suspect; three spanning two hours are broken; a blip never is", () => {
    const states = run([
      [0, failure],
      [60 * MINUTE, failure],
      [119 * MINUTE, failure],
      [120 * MINUTE, failure],
    ]).map((health) => health.state);
    expect(states).toEqual(["suspect", "suspect", "suspect", "broken"]);
    // Three quick failures then a success: back to healthy, the count reset.
    const recovered = run([
      [0, failure],
      [MINUTE, failure],
      [2 * MINUTE, failure],
      [3 * MINUTE, result({})],
    ]);
    expect(recovered.map((health) => health.state)).toEqual(["suspect", "suspect", "suspect", "healthy"]);
    expect(recovered[3]).toMatchObject({ failures: 0, firstFailureAt: null });
  });

  it("a suspect link is checked again after HEALTH_RETRY_MINUTES, a broken one at its usual pace", () => {
    const [suspect] = run([[0, failure]]);
    expect(suspect?.nextCheckAt).toBe(60 * MINUTE);
    const broken = run([
      [0, failure],
      [60 * MINUTE, failure],
      [120 * MINUTE, failure],
    ])[2];
    expect(broken).toMatchObject({ state: "broken", nextCheckAt: 120 * MINUTE + 6 * HOUR });
  });

  it("blocked is inconclusive: the failure count neither grows nor resets; Retry-After is honoured", () => {
    const steps = run([
      [0, failure],
      [HOUR, result({ outcome: "blocked", status: 429, retryAfterSeconds: 7200 })],
      [3 * HOUR, failure],
    ]);
    expect(steps.map((health) => [health.state, health.failures])).toEqual([
      ["suspect", 1],
      ["blocked", 1],
      ["suspect", 2],
    ]);
    expect(steps[1]?.nextCheckAt).toBe(HOUR + 7200 * 1000);
  });

  it("an answer from another registrable domain is moved; another host of the same domain is not", () => {
    expect(run([[0, result({ finalUrl: "https://parked-domains.example.net/", hops: 2 })]])[0]).toMatchObject({
      state: "moved",
      hops: 2,
    });
    expect(run([[0, result({ finalUrl: "https://example.com/new-page", hops: 1 })]])[0]?.state).toBe("healthy");
  });
});
