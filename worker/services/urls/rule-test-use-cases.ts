// POST /urls/{id}/rules/test: what a request with these facts would get, computed by the very
// function that serves redirects (decideRedirect), so the dry run cannot disagree with a click.

import type { LinkState } from "../../domain/link-state";
import { decideRedirect } from "../../domain/redirect-decision";
import { Visitor, type VisitorFacts } from "../../domain/visitor";
import { getOwnedUrl } from "../auth/access";
import type { ServiceContext } from "../service-context";
import { toLinkRecord } from "./link-record-store";

export interface RuleTestInput {
  country?: string | undefined;
  continent?: string | undefined;
  user_agent?: string | undefined;
  accept_language?: string | undefined;
  ip?: string | undefined;
  query?: Record<string, string | string[]> | undefined;
  at?: Date | undefined;
  visitor_id?: string | undefined;
}

export interface RuleTestResult {
  /** What the link answers: found (a redirect), or the state that stops it. */
  outcome: "found" | Exclude<LinkState, "active">;
  rule: number | null;
  variant: number | null;
  /** The exact Location header a real request would get; null when there is no redirect. */
  location: string | null;
  /** The visitor id the A/B split hashed (given, or drawn for this test: pass it again to repeat). */
  visitor_id: string | null;
}

/** The query part a request with these parameters would carry ("?" included; "" for none). */
function searchFromQuery(query: RuleTestInput["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    for (const one of Array.isArray(value) ? value : [value]) params.append(name, one);
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export async function testRules(ctx: ServiceContext, id: number, input: RuleTestInput): Promise<RuleTestResult> {
  const row = await getOwnedUrl(ctx, id);
  const record = row.isActive
    ? toLinkRecord({
        ...row,
        passwordProtected: row.passwordHash !== null,
        destinationBroken: row.healthState === "broken",
      })
    : null;
  const none = { rule: null, variant: null, location: null, visitor_id: null };
  if (record === null) return { outcome: "inactive", ...none };
  const facts: VisitorFacts = {
    country: input.country?.toUpperCase() ?? null,
    continent: input.continent?.toUpperCase() ?? null,
    userAgent: input.user_agent ?? null,
    acceptLanguage: input.accept_language ?? null,
    ip: input.ip ?? null,
    visitorId: input.visitor_id ?? null,
  };
  const visitor = new Visitor(searchFromQuery(input.query), facts);
  // The owner tests the rules: the link's password is taken as given.
  const decision = decideRedirect(record, visitor, (input.at ?? new Date()).getTime(), true);
  if (decision.outcome === "scheduled") return { outcome: "scheduled", ...none };
  if (decision.outcome === "locked") return { outcome: "inactive", ...none }; // not reached: unlocked above
  if (decision.outcome !== "found") return { outcome: decision.outcome, ...none, location: decision.fallback };
  return {
    outcome: "found",
    rule: decision.rule,
    variant: decision.variant,
    location: decision.location,
    visitor_id: decision.variant === null ? (input.visitor_id ?? null) : visitor.visitorId,
  };
}
