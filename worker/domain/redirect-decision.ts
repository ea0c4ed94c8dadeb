// Serving a redirect is one pure function of (link record, request, clock): what the caches hold
// is the whole link, so an answer from the isolate is as exact as one from Postgres.
import type { BrokenDestination } from "./health-states.ts";
import type { LinkRecord } from "./link-record.ts";
import { type LocationInputs, planLocation } from "./query-forwarding.ts";
import { matchRule } from "./rule-matching.ts";
import type { Visitor } from "./visitor.ts";

export type RedirectDecision =
  /**
   * Redirect to `location`, chosen by rule `rule` (its index; null: the link's own destination) and
   * its variant `variant`. A capped link must reserve the click first (see answer-redirect).
   */
  | {
      outcome: "found";
      location: string;
      queryDropped: boolean;
      rule: number | null;
      variant: number | null;
      broken: BrokenDestination | null;
    }
  /** Not active yet: a 404 saying when it will be. */
  | { outcome: "scheduled"; validSince: number }
  /** Past its expiry, or its clicks used up: the link's expired_url, or a 410 page when it has none. */
  | { outcome: "expired" | "exhausted"; fallback: string | null }
  /** Password-protected (its password's version) and not unlocked by this request: nothing is given. */
  | { outcome: "locked"; version: number };

export type EndedDecision = Extract<RedirectDecision, { outcome: "expired" | "exhausted" }>;

export function endedDecision(record: LinkRecord, outcome: "expired" | "exhausted"): EndedDecision {
  return { outcome, fallback: record.expiredUrl };
}

/**
 * The same function for a real request and for POST /urls/{id}/rules/test: only the visitor differs.
 * `unlocked`: the request gave the link's password (a cookie, a header); the password is checked
 * before the click cap and the rules, so a wrong one spends nothing and reveals nothing.
 */
export function decideRedirect(record: LinkRecord, visitor: Visitor, now: number, unlocked = false): RedirectDecision {
  if (record.validSince !== null && now < record.validSince) {
    return { outcome: "scheduled", validSince: record.validSince };
  }
  if (record.expiresAt !== null && now >= record.expiresAt) return endedDecision(record, "expired");
  if (record.password !== null && !unlocked) return { outcome: "locked", version: record.password };
  if (record.maxClicks !== null && record.clicksUsed >= record.maxClicks) return endedDecision(record, "exhausted");
  const match = matchRule(record, visitor, now);
  // Only the link's own destination is checked: a rule's target is not known to be broken.
  const broken = match === null && record.destinationBroken ? brokenDestination(record) : null;
  const target = match?.target ?? (broken === "fallback" ? fallbackTarget(record) : record);
  const { location, queryDropped } = planLocation(target, visitor.search);
  return {
    outcome: "found",
    location,
    queryDropped,
    rule: match?.rule ?? null,
    variant: match?.variant ?? null,
    broken,
  };
}

const brokenDestination = (record: LinkRecord): BrokenDestination =>
  record.fallbackUrl === null ? "followed" : "fallback";

// One per cached record, like the record itself, so planLocation's per-target preparation is reused.
const fallbackTargets = new WeakMap<LinkRecord, LocationInputs>();

/** The fallback stands in for the destination: the link's forwarding and UTM tags apply to it too. */
function fallbackTarget(record: LinkRecord): LocationInputs {
  let target = fallbackTargets.get(record);
  if (!target) {
    target = { destination: record.fallbackUrl ?? record.destination, forwarding: record.forwarding, utm: record.utm };
    fallbackTargets.set(record, target);
  }
  return target;
}

/** The query part of a URL string, "?" included, without parsing it. */
export function searchOf(url: string): string {
  const queryAt = url.indexOf("?");
  if (queryAt < 0) return "";
  const hashAt = url.indexOf("#", queryAt);
  return hashAt < 0 ? url.slice(queryAt) : url.slice(queryAt, hashAt);
}
