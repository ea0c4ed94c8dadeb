// Serving a redirect is one pure function of (link record, request, clock): what the caches hold
// is the whole link, so an answer from the isolate is as exact as one from Postgres.
import type { LinkRecord } from "./link-record.ts";
import { planLocation } from "./query-forwarding.ts";

export type RedirectDecision =
  /** Redirect to `location`. A capped link must reserve the click first (see serve-redirect). */
  | { outcome: "found"; location: string; queryDropped: boolean }
  /** Not active yet: a 404 saying when it will be. */
  | { outcome: "scheduled"; validSince: number }
  /** Past its expiry, or its clicks used up: the link's expired_url, or a 410 page when it has none. */
  | { outcome: "expired" | "exhausted"; fallback: string | null };

export type EndedDecision = Extract<RedirectDecision, { outcome: "expired" | "exhausted" }>;

export function endedDecision(record: LinkRecord, outcome: "expired" | "exhausted"): EndedDecision {
  return { outcome, fallback: record.expiredUrl };
}

/** `search` is the request URL's query part, "?" included ("" when there is none). */
export function decideRedirect(record: LinkRecord, search: string, now: number): RedirectDecision {
  if (record.validSince !== null && now < record.validSince) {
    return { outcome: "scheduled", validSince: record.validSince };
  }
  if (record.expiresAt !== null && now >= record.expiresAt) return endedDecision(record, "expired");
  if (record.maxClicks !== null && record.clicksUsed >= record.maxClicks) return endedDecision(record, "exhausted");
  const { location, queryDropped } = planLocation(record, search);
  return { outcome: "found", location, queryDropped };
}

/** The query part of a URL string, "?" included, without parsing it. */
export function searchOf(url: string): string {
  const queryAt = url.indexOf("?");
  if (queryAt < 0) return "";
  const hashAt = url.indexOf("#", queryAt);
  return hashAt < 0 ? url.slice(queryAt) : url.slice(queryAt, hashAt);
}
