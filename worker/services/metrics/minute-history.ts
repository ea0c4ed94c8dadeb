// Per-minute history for the dashboard: request and error counts, redirect latency percentiles
// (estimated from the per-minute latency buckets, as histogram_quantile does), cache tiers, and the
// click pipeline (messages per click, the consumer's lag percentiles from its per-minute buckets).

import { minuteHistory } from "../../observability/metrics/aggregate";
import {
  CLICK_LAG_BOUNDS,
  clickLagCountName,
  LATENCY_OBJECTIVE_BOUNDS,
  latencyCountName,
  MINUTE_MS,
  type MinuteCountName,
} from "../../observability/metrics/minute-window";
import { REDIRECT_OUTCOMES, type RedirectOutcome } from "../../observability/metrics/redirect-outcomes";
import type { MinuteSums } from "../../observability/metrics/shard-types";

export const MAX_HISTORY_MINUTES = 180;

export interface HistoryMinute {
  start: string;
  requests: number;
  errors: number;
  redirects: number;
  redirect_errors: number;
  tiers: { isolate: number; redis: number; database: number };
  /** Redirects by outcome (found, unknown, scheduled, expired, ...). */
  outcomes: Record<RedirectOutcome, number>;
  latency_ms: { p50: number | null; p95: number | null; p99: number | null };
  /** Human clicks on links whose destination is broken: sent there anyway, or to their fallback_url. */
  broken_destinations: { followed: number; fallback: number };
  /** People signed in, and refused sign-ins, sessions and cross-site writes. */
  auth: { sign_ins: number; refusals: number };
  /**
   * The click pipeline: clicks the queue accepted and the messages that carried them (null per click
   * without clicks), and the consumer's lag per message from its oldest click, in seconds.
   */
  clicks: {
    sent: number;
    messages: number;
    messages_per_click: number | null;
    lag_seconds: { p50: number | null; p95: number | null; p99: number | null };
  };
}

/**
 * The q-quantile of one minute's bucketed counts, in the bounds' unit: linear interpolation inside the
 * bucket that holds it (lower edge 0 for the first); beyond the last bound, the last bound; null
 * without observations.
 */
function bucketQuantile(
  sums: MinuteSums,
  total: number,
  bounds: readonly number[],
  countName: (bound: number) => MinuteCountName,
  q: number,
): number | null {
  if (total <= 0) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const bound of bounds) {
    const cumulative = sums[countName(bound)] ?? 0;
    if (cumulative >= rank) {
      const inBucket = cumulative - below;
      const fraction = inBucket > 0 ? (rank - below) / inBucket : 1;
      return lower + (bound - lower) * fraction;
    }
    lower = bound;
    below = cumulative;
  }
  return bounds.at(-1) as number;
}

/** The q-quantile of redirect latency in one minute, in ms (to 0.01 ms). */
export function latencyQuantile(sums: MinuteSums, q: number): number | null {
  const seconds = bucketQuantile(sums, sums.redirects ?? 0, LATENCY_OBJECTIVE_BOUNDS, latencyCountName, q);
  return seconds === null ? null : Math.round(seconds * 1000 * 100) / 100;
}

/** The q-quantile of the click consumer's lag in one minute, in seconds (to the millisecond). */
export function clickLagQuantile(sums: MinuteSums, q: number): number | null {
  const seconds = bucketQuantile(sums, sums.click_lag_messages ?? 0, CLICK_LAG_BOUNDS, clickLagCountName, q);
  return seconds === null ? null : Math.round(seconds * 1000) / 1000;
}

/** Queue messages per click sent (1: one message per click; 0.01: full messages of 100). */
function messagesPerClick(sums: MinuteSums): number | null {
  const sent = sums.clicks_sent ?? 0;
  return sent > 0 ? Math.round(((sums.click_messages_sent ?? 0) / sent) * 10_000) / 10_000 : null;
}

export function historyMinute(minute: number, sums: MinuteSums): HistoryMinute {
  return {
    start: new Date(minute * MINUTE_MS).toISOString(),
    requests: sums.requests ?? 0,
    errors: sums.errors ?? 0,
    redirects: sums.redirects ?? 0,
    redirect_errors: sums.redirect_errors ?? 0,
    tiers: { isolate: sums.tier_isolate ?? 0, redis: sums.tier_redis ?? 0, database: sums.tier_database ?? 0 },
    outcomes: Object.fromEntries(
      REDIRECT_OUTCOMES.map((outcome) => [outcome, sums[`outcome_${outcome}`] ?? 0]),
    ) as Record<RedirectOutcome, number>,
    latency_ms: { p50: latencyQuantile(sums, 0.5), p95: latencyQuantile(sums, 0.95), p99: latencyQuantile(sums, 0.99) },
    broken_destinations: { followed: sums.broken_followed ?? 0, fallback: sums.broken_fallback ?? 0 },
    auth: { sign_ins: sums.sign_ins ?? 0, refusals: sums.auth_refusals ?? 0 },
    clicks: {
      sent: sums.clicks_sent ?? 0,
      messages: sums.click_messages_sent ?? 0,
      messages_per_click: messagesPerClick(sums),
      lag_seconds: {
        p50: clickLagQuantile(sums, 0.5),
        p95: clickLagQuantile(sums, 0.95),
        p99: clickLagQuantile(sums, 0.99),
      },
    },
  };
}

/** The last `minutes` minutes, the current one included, oldest first; quiet minutes are zeros. */
export async function recentHistory(env: Env, minutes: number, nowMs = Date.now()): Promise<HistoryMinute[]> {
  const current = Math.floor(nowMs / MINUTE_MS);
  const from = current - minutes + 1;
  const byMinute = await minuteHistory(env, from, current);
  return Array.from({ length: minutes }, (_, index) => historyMinute(from + index, byMinute.get(from + index) ?? {}));
}
