// Per-minute history for the dashboard: request and error counts, redirect latency percentiles
// (estimated from the per-minute latency buckets, as histogram_quantile does) and cache tiers.

import { minuteHistory } from "../../observability/metrics/aggregate";
import { LATENCY_OBJECTIVE_BOUNDS, latencyCountName, MINUTE_MS } from "../../observability/metrics/minute-window";
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
}

/**
 * The q-quantile of redirect latency in one minute, in ms: linear interpolation inside the bucket
 * that holds it (lower edge 0 for the first); beyond the last bound, the last bound.
 */
export function latencyQuantile(sums: MinuteSums, q: number): number | null {
  const total = sums.redirects ?? 0;
  if (total <= 0) return null;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const bound of LATENCY_OBJECTIVE_BOUNDS) {
    const cumulative = sums[latencyCountName(bound)] ?? 0;
    if (cumulative >= rank) {
      const inBucket = cumulative - below;
      const fraction = inBucket > 0 ? (rank - below) / inBucket : 1;
      return Math.round((lower + (bound - lower) * fraction) * 1000 * 100) / 100;
    }
    lower = bound;
    below = cumulative;
  }
  return (LATENCY_OBJECTIVE_BOUNDS.at(-1) as number) * 1000;
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
  };
}

/** The last `minutes` minutes, the current one included, oldest first; quiet minutes are zeros. */
export async function recentHistory(env: Env, minutes: number, nowMs = Date.now()): Promise<HistoryMinute[]> {
  const current = Math.floor(nowMs / MINUTE_MS);
  const from = current - minutes + 1;
  const byMinute = await minuteHistory(env, from, current);
  return Array.from({ length: minutes }, (_, index) => historyMinute(from + index, byMinute.get(from + index) ?? {}));
}
