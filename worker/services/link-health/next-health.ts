// A link's health after one check: pure, so the checker, the on-demand check and the tests agree.
// One failure makes a link suspect; HEALTH_BROKEN_AFTER consecutive failures spanning at least
// HEALTH_BROKEN_MIN_SPAN_MINUTES make it broken (a blip never does). A refusal (401, 403, 429, a bot
// challenge) is inconclusive: blocked, never counted as a failure. An answer from another registrable
// domain than the link's own is moved.

import type { HealthState, ProbeError } from "../../domain/health-states";
import { registrableDomainOf } from "../../lib/registrable-domain";
import { HOUR_MS, MINUTE_MS } from "../../lib/time";
import type { ProbeResult } from "./probe-destination";

export type { HealthState };

export interface LinkHealth {
  state: HealthState;
  checkedAt: number | null;
  status: number | null;
  finalUrl: string | null;
  hops: number | null;
  latencyMs: number | null;
  error: ProbeError | null;
  /** Consecutive failed checks, and when the first of them was. */
  failures: number;
  firstFailureAt: number | null;
  nextCheckAt: number | null;
}

export const UNCHECKED: LinkHealth = {
  state: "unknown",
  checkedAt: null,
  status: null,
  finalUrl: null,
  hops: null,
  latencyMs: null,
  error: null,
  failures: 0,
  firstFailureAt: null,
  nextCheckAt: null,
};

export interface HealthSettings {
  HEALTH_BROKEN_AFTER: number;
  HEALTH_BROKEN_MIN_SPAN_MINUTES: number;
  HEALTH_ACTIVE_INTERVAL_HOURS: number;
  HEALTH_IDLE_INTERVAL_HOURS: number;
  HEALTH_RETRY_MINUTES: number;
}

export function nextHealth(
  previous: LinkHealth,
  result: ProbeResult,
  destination: string,
  settings: HealthSettings,
  now: number,
  /** Clicked in the last 7 days: checked every HEALTH_ACTIVE_INTERVAL_HOURS, else every HEALTH_IDLE_INTERVAL_HOURS. */
  recentlyClicked: boolean,
): LinkHealth {
  const observed = {
    checkedAt: now,
    status: result.status,
    finalUrl: result.finalUrl,
    hops: result.hops,
    latencyMs: result.latencyMs,
    error: result.error,
  };
  const interval =
    (recentlyClicked ? settings.HEALTH_ACTIVE_INTERVAL_HOURS : settings.HEALTH_IDLE_INTERVAL_HOURS) * HOUR_MS;
  const retry = Math.max(settings.HEALTH_RETRY_MINUTES * MINUTE_MS, (result.retryAfterSeconds ?? 0) * 1000);
  if (result.outcome === "ok") {
    const moved = registrableDomainOf(result.finalUrl) !== registrableDomainOf(destination);
    return {
      ...observed,
      state: moved ? "moved" : "healthy",
      failures: 0,
      firstFailureAt: null,
      nextCheckAt: now + interval,
    };
  }
  if (result.outcome === "blocked") {
    // Inconclusive: the failure count neither grows nor resets.
    return {
      ...observed,
      state: "blocked",
      failures: previous.failures,
      firstFailureAt: previous.firstFailureAt,
      nextCheckAt: now + retry,
    };
  }
  const failures = previous.failures + 1;
  const firstFailureAt = previous.firstFailureAt ?? now;
  const broken =
    failures >= settings.HEALTH_BROKEN_AFTER &&
    now - firstFailureAt >= settings.HEALTH_BROKEN_MIN_SPAN_MINUTES * MINUTE_MS;
  return {
    ...observed,
    state: broken ? "broken" : "suspect",
    failures,
    firstFailureAt,
    // A broken link is watched at its usual pace (to see it come back); a suspect one soon again.
    nextCheckAt: now + (broken ? interval : retry),
  };
}
