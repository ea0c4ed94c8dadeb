// The words a link's page says about its destination's health and its anomaly alerts: pure, so each
// case is checked here rather than through a page.
import { describe, expect, it } from "vitest";
import { healthChangeOf } from "../../worker/services/link-health/health-history";
import { anomalyNumbers } from "../../worker/web/link-anomalies-view";
import {
  changeWords,
  failureWords,
  latencyWords,
  nextCheckWords,
  relativeWords,
  utcMinute,
} from "../../worker/web/link-health-view";

const NOW = Date.parse("2026-11-29T12:00:00Z");
const MINUTE = 60_000;

describe("health words", () => {
  it("what failed: the probe's error in words, an error status as its number", () => {
    expect(failureWords(null, 200)).toBeUndefined();
    expect(failureWords("http_status", 404)).toBe("it answered HTTP 404");
    expect(failureWords("http_status", null)).toBe("an error status");
    expect(failureWords("dns", null)).toBe("the host name does not resolve (DNS)");
    expect(failureWords("timeout", null)).toBe("no answer in time");
    expect(failureWords("something_new", null)).toBe("something_new");
  });

  it("latency in ms under a second, else seconds to a tenth", () => {
    expect(latencyWords(0)).toBe("0 ms");
    expect(latencyWords(340.4)).toBe("340 ms");
    expect(latencyWords(999)).toBe("999 ms");
    expect(latencyWords(1000)).toBe("1.0 s");
    expect(latencyWords(2549)).toBe("2.5 s");
  });

  it("instants to the minute in UTC, and how far from now in the largest whole unit", () => {
    expect(utcMinute(Date.parse("2026-11-29T14:03:59.999Z"))).toBe("2026-11-29 14:03 UTC");
    expect(relativeWords(NOW - 59_000, NOW)).toBe("just now");
    expect(relativeWords(NOW + 30_000, NOW)).toBe("just now");
    expect(relativeWords(NOW - MINUTE, NOW)).toBe("1 minute ago");
    expect(relativeWords(NOW - 59 * MINUTE, NOW)).toBe("59 minutes ago");
    expect(relativeWords(NOW + 60 * MINUTE, NOW)).toBe("in 1 hour");
    expect(relativeWords(NOW + 47 * 60 * MINUTE, NOW)).toBe("in 1 day");
    expect(relativeWords(NOW - 3 * 24 * 60 * MINUTE, NOW)).toBe("3 days ago");
  });

  it("the next check: none while deactivated, due now when past or unset, else when", () => {
    expect(nextCheckWords(NOW + MINUTE, false, NOW)).toBe("none while the link is deactivated");
    expect(nextCheckWords(null, true, NOW)).toBe("due now (the checker runs every minute)");
    expect(nextCheckWords(NOW - MINUTE, true, NOW)).toBe("due now (the checker runs every minute)");
    expect(nextCheckWords(NOW + 6 * 60 * MINUTE, true, NOW)).toBe("2026-11-29 18:00 UTC (in 6 hours)");
  });

  it("a change of state says from, to and why", () => {
    const change = { at: NOW, status: null, error: null, finalUrl: null } as const;
    expect(changeWords({ ...change, from: "unknown", to: "healthy", status: 200 })).toBe(
      "Not checked yet → Healthy (HTTP 200)",
    );
    expect(changeWords({ ...change, from: "healthy", to: "suspect", status: 503, error: "http_status" })).toBe(
      "Healthy → Suspect: it answered HTTP 503",
    );
    expect(changeWords({ ...change, from: "suspect", to: "broken", error: "tls" })).toBe(
      "Suspect → Broken: the secure connection failed (TLS certificate or handshake)",
    );
    expect(
      changeWords({ ...change, from: "healthy", to: "moved", status: 200, finalUrl: "https://parked.example/" }),
    ).toBe("Healthy → Moved: it answers from https://parked.example/");
    expect(changeWords({ ...change, from: "healthy", to: "blocked" })).toBe("Healthy → Blocked");
  });

  it("an event's details read as a change; anything else is not one", () => {
    const at = new Date(NOW);
    expect(
      healthChangeOf(at, '{"from":"healthy","to":"suspect","status":404,"error":"http_status","final_url":null}'),
    ).toEqual({ at: NOW, from: "healthy", to: "suspect", status: 404, error: "http_status", finalUrl: null });
    expect(healthChangeOf(at, '{"from":"sideways","to":"moved","final_url":"https://x.example/"}')).toEqual({
      at: NOW,
      from: "unknown",
      to: "moved",
      status: null,
      error: null,
      finalUrl: "https://x.example/",
    });
    expect(healthChangeOf(at, null)).toBeUndefined();
    expect(healthChangeOf(at, "not json")).toBeUndefined();
    expect(healthChangeOf(at, "42")).toBeUndefined();
  });
});

describe("anomaly words", () => {
  it("each kind's value against its threshold, in its own unit", () => {
    expect(anomalyNumbers("spike", 412, 60)).toBe("412 clicks by people in the hour; alerts above 60");
    expect(anomalyNumbers("spike", null, 60)).toBe("alerts above 60 clicks by people in an hour");
    expect(anomalyNumbers("bot_share", 0.834, 0.5)).toBe("83% of clicks from bots; alerts above 50%");
    expect(anomalyNumbers("bot_share", null, 0.5)).toBe("alerts above 50% from bots");
    expect(anomalyNumbers("drop", 0, 20)).toBe(
      "0 clicks by people; alerts when a link that usually gets at least 20 an hour gets none",
    );
  });
});
