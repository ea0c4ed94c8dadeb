// What a redirect request gets, from the link's record, the request and the clock. The decision
// itself is pure (domain/redirect-decision.ts); this turns it into a response, the click to record
// and the outcome to count. Only a capped link's human click needs I/O (its reservation).

import type { Config } from "../config/env";
import type { DomainSite } from "../domain/domain-site";
import type { LinkRecord } from "../domain/link-record";
import { decideRedirect, endedDecision, type RedirectDecision, searchOf } from "../domain/redirect-decision";
import { type Visitor, visitorCookie, visitorOf } from "../domain/visitor";
import { errorResponse } from "../lib/errors";
import { toLocationHeader } from "../lib/location";
import { METRICS } from "../observability/metrics/definitions";
import { countRefusedDestination } from "../observability/metrics/destinations";
import type { RedirectOutcome } from "../observability/metrics/http-metrics";
import { countBrokenDestinationInWindow } from "../observability/metrics/minute-window";
import { incrementCounter } from "../observability/metrics/recorder";
import { REQUEST_ID_HEADER } from "../observability/request-id";
import {
  buildClick,
  type ClickMessage,
  requestClickClass,
  type ServedBy,
  spendsCappedClick,
} from "../services/clicks/click";
import { reserveClick } from "../services/redirects/reserve-click";
import { blockedAtRedirect } from "../services/urls/destination-policy";
import { disabledLink, linkGone, NO_STORE, nothingHere, notYetActive, withheldLink } from "./link-pages";

export interface RedirectAnswer {
  response: Response;
  outcome: RedirectOutcome;
  /**
   * Only a redirect to a link's destination (its own, or a rule's) is a click: the rule and variant
   * that served it, from which the click is built only where one is recorded (a queue is bound), or
   * the click itself when it was built already (a capped link's, reserved under its id).
   */
  click?: ClickMessage | ServedBy;
}

/** Seconds a client should wait after a 503 from a capped link. */
const RESERVATION_RETRY_AFTER_SECONDS = "5";

/** A redirect (302; 303 after a form), never cached: an edit must take effect on the next click. */
export function redirectTo(location: string, requestId: string, setCookie?: string, status: 302 | 303 = 302): Response {
  const headers: Record<string, string> = {
    Location: toLocationHeader(location),
    ...NO_STORE,
    [REQUEST_ID_HEADER]: requestId,
  };
  if (setCookie) headers["Set-Cookie"] = setCookie;
  return new Response(null, { status, headers });
}

/**
 * An unknown code: the seed's JSON 404 on the default domain; on a custom domain, where it sends
 * unknown codes (not_found_redirect), else the 404 page (a browser on a branded link gets a page).
 */
function unknown(site: DomainSite | null, request: Request, config: Config, requestId: string): RedirectAnswer {
  if (site === null) {
    return { response: errorResponse({ status: 404, message: "not found" }, requestId), outcome: "unknown" };
  }
  const elsewhere = site.notFoundRedirect;
  if (elsewhere === null) return { response: nothingHere(request, requestId), outcome: "unknown" };
  return blocked(elsewhere, config, requestId) ?? { response: redirectTo(elsewhere, requestId), outcome: "unknown" };
}

/** Blocked destinations stop redirecting at once, whatever the record says. */
function blocked(location: string, config: Config, requestId: string): RedirectAnswer | undefined {
  if (!blockedAtRedirect(location, config.destinationPolicy)) return undefined;
  countRefusedDestination("blocked_domain", "redirect");
  return { response: disabledLink(requestId), outcome: "blocked" };
}

function notRedirecting(
  decision: Exclude<RedirectDecision, { outcome: "found" | "locked" }>,
  request: Request,
  config: Config,
  requestId: string,
  site: DomainSite | null,
): RedirectAnswer {
  if (decision.outcome === "scheduled") {
    return { response: notYetActive(request, decision.validSince, requestId), outcome: "scheduled" };
  }
  // The link's own expired_url, else its custom domain's.
  const fallback = decision.fallback ?? site?.expiredUrl ?? null;
  if (fallback === null) {
    return { response: linkGone(request, decision.outcome, requestId), outcome: decision.outcome };
  }
  // Not a click: the person never reached the link's destination.
  return (
    blocked(fallback, config, requestId) ?? {
      response: redirectTo(fallback, requestId),
      outcome: decision.outcome,
    }
  );
}

type Found = Extract<RedirectDecision, { outcome: "found" }>;

/** A capped link about to redirect: its click must be reserved first (see answerCappedRedirect). */
export interface PendingReservation {
  record: LinkRecord & { maxClicks: number };
  found: Found;
  visitor: Visitor;
  site: DomainSite | null;
}

/** A person's click on a link whose destination is broken: link rot's cost, or a fallback's rescue. */
function countBrokenDestination(decision: Found, request: Request, click: ClickMessage | undefined): void {
  if (decision.broken === null || (click?.kind ?? requestClickClass(request)) !== "human") return;
  incrementCounter(decision.broken === "followed" ? METRICS.redirectsToUnhealthy : METRICS.redirectsToFallback);
  countBrokenDestinationInWindow(decision.broken);
}

function found(decision: Found, visitor: Visitor, request: Request, requestId: string, click?: ClickMessage) {
  if (decision.queryDropped) incrementCounter(METRICS.forwardedQueriesDropped);
  countBrokenDestination(decision, request, click);
  // A visitor's first A/B assignment: its random id goes in a first-party cookie, so it sticks.
  const newId = visitor.newVisitorId;
  const cookie = newId === undefined ? undefined : visitorCookie(newId, request.url.startsWith("https:"));
  const servedBy = { rule: decision.rule, variant: decision.variant };
  return {
    response: redirectTo(decision.location, requestId, cookie),
    outcome: "found" as const,
    click: click ? { ...click, ...servedBy } : servedBy,
  };
}

/** A password-protected link not unlocked yet: see protected-link.ts. */
export interface PendingUnlock {
  locked: LinkRecord & { password: number };
}

/**
 * The answer when no I/O is needed: every link that is not capped or protected, and one that is not
 * redirecting anyway. A capped link about to redirect comes back as a PendingReservation, a
 * protected one not `unlocked` by this request as a PendingUnlock.
 */
/** A request that gave the link's password (`unlocked`) never comes back as a PendingUnlock. */
type WithoutIo<Unlocked extends boolean> =
  | RedirectAnswer
  | PendingReservation
  | (Unlocked extends true ? never : PendingUnlock);

export function answerWithoutIo<Unlocked extends boolean = false>(
  record: LinkRecord | null,
  request: Request,
  config: Config,
  requestId: string,
  now: number,
  site: DomainSite | null,
  unlocked?: Unlocked,
): WithoutIo<Unlocked> {
  if (record === null) return unknown(site, request, config, requestId);
  const visitor = visitorOf(request, searchOf(request.url));
  const decision = decideRedirect(record, visitor, now, unlocked ?? false);
  if (decision.outcome === "locked") {
    return { locked: { ...record, password: decision.version } } as WithoutIo<Unlocked>;
  }
  if (decision.outcome !== "found") return notRedirecting(decision, request, config, requestId, site);
  // A fallback_url is a destination too: a domain blocked since the link was written stops it.
  const refused =
    blocked(record.destination, config, requestId) ??
    (decision.broken === "fallback" && record.fallbackUrl !== null
      ? blocked(record.fallbackUrl, config, requestId)
      : undefined);
  if (refused) return refused;
  const { maxClicks } = record;
  if (maxClicks !== null) return { record: { ...record, maxClicks }, found: decision, visitor, site };
  return found(decision, visitor, request, requestId);
}

export const isPending = (answer: RedirectAnswer | PendingReservation | PendingUnlock): answer is PendingReservation =>
  "found" in answer;

export const isLocked = (answer: RedirectAnswer | PendingReservation | PendingUnlock): answer is PendingUnlock =>
  "locked" in answer;

/**
 * A capped link: only a person's click (a GET from a browser's User-Agent that is not a bot, a
 * preview or a prefetch) may spend one, and only once its Durable Object has granted it.
 * Everything else, a request without a User-Agent included, gets a neutral page.
 */
export async function answerCappedRedirect(
  env: Env,
  code: string,
  pending: PendingReservation,
  request: Request,
  config: Config,
  requestId: string,
  now: number,
): Promise<RedirectAnswer> {
  const click = buildClick(request, { id: pending.record.id, code }, now);
  if (!spendsCappedClick(click.kind, request.headers.get("User-Agent"))) {
    return { response: withheldLink(requestId), outcome: "withheld" };
  }
  const reservation = await reserveClick(env, pending.record, click.id);
  incrementCounter(METRICS.clickReservations, { result: reservation });
  if (reservation === "granted") return found(pending.found, pending.visitor, request, requestId, click);
  if (reservation === "exhausted") {
    return notRedirecting(endedDecision(pending.record, "exhausted"), request, config, requestId, pending.site);
  }
  const response = errorResponse(
    {
      status: 503,
      message: "this link is limited and cannot be checked right now: try again shortly",
      headers: { "Retry-After": RESERVATION_RETRY_AFTER_SECONDS, ...NO_STORE },
    },
    requestId,
  );
  return { response, outcome: "unavailable" };
}
