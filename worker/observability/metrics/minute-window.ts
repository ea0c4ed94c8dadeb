// Per-minute counts of requests, kept beside the Prometheus series: the sliding windows of
// GET /metrics and the alert evaluator's burn rates are sums over these minutes. The isolate
// counts the current minute in plain fields (a few additions per request) and hands whole
// minutes to the flush; the shards add them up per minute. The click pipeline (sends on the redirect
// side, the consumer's lag on the queue side, often a minute without requests) is counted here too,
// beside its Prometheus series (click-events.ts), for the dashboard's charts.
import type { BrokenDestination } from "../../domain/health-states.ts";
import { MINUTE_MS } from "../../lib/time.ts";
import { METRICS, REQUEST_DURATION_BUCKETS_SECONDS } from "./definitions.ts";
import { REDIRECT_OUTCOMES, type RedirectOutcome } from "./redirect-outcomes.ts";

export { MINUTE_MS };

/** Bounds (seconds) at which redirect latency is counted per minute: the latency objective picks one. */
export const LATENCY_OBJECTIVE_BOUNDS = REQUEST_DURATION_BUCKETS_SECONDS.filter((bound) => bound >= 0.01);
/** Bounds (seconds) at which the click consumer's lag is counted per minute: those of linkscope_click_lag_seconds. */
export const CLICK_LAG_BOUNDS: readonly number[] = METRICS.clickLag.buckets;

export type MinuteCountName =
  | "requests"
  | "errors"
  | "redirects"
  | "redirect_errors"
  | "tier_isolate"
  | "tier_redis"
  | "tier_database"
  | "password_bursts"
  | "broken_followed"
  | "broken_fallback"
  | "sign_ins"
  | "auth_refusals"
  | "clicks_sent"
  | "click_messages_sent"
  | "click_lag_messages"
  | `outcome_${RedirectOutcome}`
  | `redirect_le_${string}`
  | `click_lag_le_${string}`;

export interface MinuteDelta {
  minute: number;
  name: MinuteCountName;
  value: number;
}

export const latencyCountName = (bound: number): MinuteCountName => `redirect_le_${bound}`;
export const clickLagCountName = (bound: number): MinuteCountName => `click_lag_le_${bound}`;

interface OpenMinute {
  minute: number;
  requests: number;
  errors: number;
  redirects: number;
  redirectErrors: number;
  tiers: { isolate: number; redis: number; database: number };
  outcomes: Record<RedirectOutcome, number>;
  /** Bursts of wrong passwords on one link (the link_password_guessing alert). */
  passwordBursts: number;
  /** Human clicks on links whose destination is broken, by where they went (the dashboard's link rot). */
  broken: Record<BrokenDestination, number>;
  /** People signed in, and sign-in, session and cross-site refusals (the dashboard's sign-ins). */
  auth: { signIns: number; refusals: number };
  /** Redirects per latency bucket (index i: at most LATENCY_OBJECTIVE_BOUNDS[i]; last: slower). */
  latency: number[];
  /**
   * The click pipeline (the dashboard's messages per click and consumer lag): clicks the queue accepted
   * and the messages that carried them; messages read by the consumer per lag bucket (as `latency`).
   */
  clicks: { sent: number; messages: number; lag: number[] };
}

function openMinute(minute: number): OpenMinute {
  return {
    minute,
    requests: 0,
    errors: 0,
    redirects: 0,
    redirectErrors: 0,
    tiers: { isolate: 0, redis: 0, database: 0 },
    outcomes: Object.fromEntries(REDIRECT_OUTCOMES.map((outcome) => [outcome, 0])) as Record<RedirectOutcome, number>,
    passwordBursts: 0,
    broken: { followed: 0, fallback: 0 },
    auth: { signIns: 0, refusals: 0 },
    latency: new Array(LATENCY_OBJECTIVE_BOUNDS.length + 1).fill(0),
    clicks: { sent: 0, messages: 0, lag: new Array(CLICK_LAG_BOUNDS.length + 1).fill(0) },
  };
}

/** Whether the minute counted anything: a queue consumer's minute may have clicks and no request. */
const counted = (minute: OpenMinute) =>
  minute.requests > 0 || minute.clicks.sent > 0 || minute.clicks.messages > 0 || minute.clicks.lag.some((n) => n > 0);

/** Index of the first bound at or above the value (bounds.length: above them all). */
function bucketOf(bounds: readonly number[], value: number): number {
  let bucket = 0;
  while (bucket < bounds.length && value > (bounds[bucket] as number)) bucket++;
  return bucket;
}

let current = openMinute(Math.floor(Date.now() / MINUTE_MS));
let closed: OpenMinute[] = [];

function minuteNow(): OpenMinute {
  const minute = Math.floor(Date.now() / MINUTE_MS);
  if (minute !== current.minute) {
    if (counted(current)) closed.push(current);
    current = openMinute(minute);
  }
  return current;
}

export function countRequestInWindow(isRedirect: boolean, status: number, seconds: number): void {
  const open = minuteNow();
  open.requests += 1;
  const failed = status >= 500;
  if (failed) open.errors += 1;
  if (!isRedirect) return;
  open.redirects += 1;
  if (failed) open.redirectErrors += 1;
  (open.latency[bucketOf(LATENCY_OBJECTIVE_BOUNDS, seconds)] as number) += 1;
}

export function countRedirectInWindow(tier: "isolate" | "redis" | "database" | "none", outcome: RedirectOutcome): void {
  const open = minuteNow();
  if (tier !== "none") open.tiers[tier] += 1;
  open.outcomes[outcome] += 1;
}

/** A burst of wrong passwords, counted in the minute of the request that completed it. */
export function countPasswordBurstInWindow(): void {
  minuteNow().passwordBursts += 1;
}

/** A human click on a link whose destination is broken: sent there anyway, or to its fallback_url. */
export function countBrokenDestinationInWindow(broken: BrokenDestination): void {
  minuteNow().broken[broken] += 1;
}

/** A sign-in (true), or a refused sign-in, session or cross-site write (false). */
export function countAuthInWindow(signedIn: boolean): void {
  const auth = minuteNow().auth;
  if (signedIn) auth.signIns += 1;
  else auth.refusals += 1;
}

/** A message the click queue accepted, and its clicks (click-events.ts; lost ones are not counted). */
export function countClickMessageInWindow(clicks: number): void {
  const counts = minuteNow().clicks;
  counts.sent += clicks;
  counts.messages += 1;
}

/** A message the consumer read, by the lag of its oldest click (click-events.ts). */
export function countClickLagInWindow(seconds: number): void {
  (minuteNow().clicks.lag[bucketOf(CLICK_LAG_BOUNDS, seconds)] as number) += 1;
}

/** Cumulative counts per bound, like histogram buckets: name(0.1) counts every observation of at most 0.1. */
function cumulativeDeltas(
  at: number,
  bounds: readonly number[],
  perBucket: number[],
  name: (bound: number) => MinuteCountName,
): MinuteDelta[] {
  let cumulative = 0;
  return bounds.map((bound, index) => {
    cumulative += perBucket[index] as number;
    return { minute: at, name: name(bound), value: cumulative };
  });
}

function deltasOf(minute: OpenMinute): MinuteDelta[] {
  const at = minute.minute;
  const deltas: MinuteDelta[] = [
    { minute: at, name: "requests", value: minute.requests },
    { minute: at, name: "errors", value: minute.errors },
    { minute: at, name: "redirects", value: minute.redirects },
    { minute: at, name: "redirect_errors", value: minute.redirectErrors },
    { minute: at, name: "tier_isolate", value: minute.tiers.isolate },
    { minute: at, name: "tier_redis", value: minute.tiers.redis },
    { minute: at, name: "tier_database", value: minute.tiers.database },
    { minute: at, name: "password_bursts", value: minute.passwordBursts },
    { minute: at, name: "broken_followed", value: minute.broken.followed },
    { minute: at, name: "broken_fallback", value: minute.broken.fallback },
    { minute: at, name: "sign_ins", value: minute.auth.signIns },
    { minute: at, name: "auth_refusals", value: minute.auth.refusals },
    { minute: at, name: "clicks_sent", value: minute.clicks.sent },
    { minute: at, name: "click_messages_sent", value: minute.clicks.messages },
    { minute: at, name: "click_lag_messages", value: minute.clicks.lag.reduce((sum, n) => sum + n, 0) },
    ...REDIRECT_OUTCOMES.map((outcome) => ({
      minute: at,
      name: `outcome_${outcome}` as const,
      value: minute.outcomes[outcome],
    })),
    ...cumulativeDeltas(at, LATENCY_OBJECTIVE_BOUNDS, minute.latency, latencyCountName),
    ...cumulativeDeltas(at, CLICK_LAG_BOUNDS, minute.clicks.lag, clickLagCountName),
  ];
  return deltas.filter((delta) => delta.value !== 0);
}

// Deltas of failed flushes, sent again with the next one; bounded (newest kept) so an outage
// of the shards cannot grow an isolate's memory without limit.
const MAX_RESTORED_DELTAS = 20_000;
let restored: MinuteDelta[] = [];

/** Every counted minute since the last flush (the current one included, then zeroed). */
export function takeMinuteDeltas(): MinuteDelta[] {
  minuteNow();
  const minutes = counted(current) ? [...closed, current] : closed;
  const deltas = [...restored, ...minutes.flatMap(deltasOf)];
  restored = [];
  closed = [];
  current = openMinute(current.minute);
  return deltas;
}

/** Puts back minutes whose flush failed, so a short outage loses nothing. */
export function restoreMinuteDeltas(deltas: MinuteDelta[]): void {
  restored = [...deltas, ...restored].slice(-MAX_RESTORED_DELTAS);
}
