// When a delivery is tried again, and when an endpoint is given up on: pure functions of the attempt's
// outcome and the endpoint's record, so the schedule and the disabling rule are tested on their own.
import { HOUR_MS, MINUTE_MS } from "../../lib/time";

/**
 * The Standard Webhooks schedule: the first attempt at once, then after about 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h and 10 h; eight attempts in all, over about 28 hours.
 */
export const RETRY_DELAYS_MS = [
  5_000,
  5 * MINUTE_MS,
  30 * MINUTE_MS,
  2 * HOUR_MS,
  5 * HOUR_MS,
  10 * HOUR_MS,
  10 * HOUR_MS,
];
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;
/** The most a Retry-After may push an attempt back (a queue message waits at most 12 h). */
const MAX_RETRY_AFTER_MS = 12 * HOUR_MS;
const JITTER = 0.2;

/**
 * The wait before the next attempt after `attempts` failed ones, or null when the schedule is spent.
 * ±20 % jitter, so endpoints that failed together are not retried together; a Retry-After (429, 503)
 * longer than the schedule's wait wins.
 */
export function retryDelayMs(attempts: number, retryAfterMs: number | null, random = Math.random()): number | null {
  const base = RETRY_DELAYS_MS[attempts - 1];
  if (base === undefined) return null;
  const jittered = Math.round(base * (1 - JITTER + 2 * JITTER * random));
  return retryAfterMs === null ? jittered : Math.max(jittered, Math.min(retryAfterMs, MAX_RETRY_AFTER_MS));
}

/** Seconds or an HTTP date, as Retry-After may say; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null) return null;
  const seconds = Number(header);
  if (header.trim() !== "" && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export const DISABLE_AFTER_FAILURES = 20;
export const DISABLE_AFTER_MS = 24 * HOUR_MS;
/** Failures in a row, over at least this long, before the owner is told (once per streak). */
export const NOTIFY_AFTER_FAILURES = 5;
export const NOTIFY_AFTER_MS = 15 * MINUTE_MS;

export interface EndpointRecord {
  consecutiveFailures: number;
  failingSince: number | null;
  lastSuccessAt: number | null;
  createdAt: number;
  failingNotifiedAt: number | null;
}

export type EndpointVerdict = "fine" | "notify_failing" | "disable";

/**
 * After a failed attempt (the record already counts it): disable only after at least 20 failures in a
 * row AND a day without a success, so a short outage of a busy endpoint never takes it out; tell the
 * owner once a streak has lasted 5 failures and 15 minutes. A 410 is handled by the caller (at once).
 */
export function judgeEndpoint(record: EndpointRecord, now: number): EndpointVerdict {
  const lastGood = record.lastSuccessAt ?? record.createdAt;
  if (record.consecutiveFailures >= DISABLE_AFTER_FAILURES && now - lastGood >= DISABLE_AFTER_MS) return "disable";
  const since = record.failingSince ?? now;
  if (
    record.failingNotifiedAt === null &&
    record.consecutiveFailures >= NOTIFY_AFTER_FAILURES &&
    now - since >= NOTIFY_AFTER_MS
  ) {
    return "notify_failing";
  }
  return "fine";
}
