// The deployment's destination policy (SERVICE_HOSTS, BLOCKED_DOMAINS), applied when a link is
// written and when it is followed; every refusal is counted by reason and stage.
import type { Config } from "../../env";
import {
  type DestinationPolicy,
  type DestinationProblem,
  PROBLEM_MESSAGES,
  parseDomainList,
  policyProblem,
} from "../../lib/destination";
import { badRequest } from "../../lib/errors";
import { METRICS } from "../../observability/metrics/definitions";
import { incrementCounter } from "../../observability/metrics/recorder";

let policySource: string | undefined;
let policy: DestinationPolicy = { ownHosts: [], blockedDomains: [] };

/** The policy for these settings, parsed once per distinct value (the redirect path reads it too). */
export function destinationPolicy(serviceHosts: string, blockedDomains: string): DestinationPolicy {
  const source = `${serviceHosts}\u0000${blockedDomains}`;
  if (source !== policySource) {
    policySource = source;
    policy = { ownHosts: parseDomainList(serviceHosts), blockedDomains: parseDomainList(blockedDomains) };
  }
  return policy;
}

export function countRefusedDestination(reason: DestinationProblem, stage: "write" | "redirect"): void {
  incrementCounter(METRICS.destinationsRefused, { reason, stage });
}

/** The policy a write is checked against: the configured one, with this request's own host as ours. */
export function writePolicy(config: Config, requestHost: string): DestinationPolicy {
  const configured = destinationPolicy(config.SERVICE_HOSTS, config.BLOCKED_DOMAINS);
  return { ...configured, ownHosts: [...configured.ownHosts, ...parseDomainList(requestHost)] };
}

/** Throws a 400 when the policy refuses the destination (this request's own host counts as ours). */
export function assertDestinationAllowed(config: Config, destination: string, requestHost: string): void {
  const problem = policyProblem(destination, writePolicy(config, requestHost));
  if (problem) {
    countRefusedDestination(problem, "write");
    throw badRequest(PROBLEM_MESSAGES[problem]);
  }
}

let blockedSource: string | undefined;
let blocked: DestinationPolicy = { ownHosts: [], blockedDomains: [] };

/**
 * On the redirect path: is the destination's domain blocked now? Costs nothing while
 * BLOCKED_DOMAINS is empty; otherwise one URL parse per redirect.
 */
export function blockedAtRedirect(destination: string, blockedDomains: string | undefined): boolean {
  if (!blockedDomains) return false;
  if (blockedDomains !== blockedSource) {
    blockedSource = blockedDomains;
    blocked = { ownHosts: [], blockedDomains: parseDomainList(blockedDomains) };
  }
  return policyProblem(destination, blocked) === "blocked_domain";
}
