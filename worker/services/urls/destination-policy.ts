// The deployment's destination policy (SERVICE_HOSTS, BLOCKED_DOMAINS), applied when a link is
// written and when it is followed; every refusal is counted by reason and stage.

import type { Config } from "../../config/env";
import { type DestinationPolicy, PROBLEM_MESSAGES, parseDomainList, policyProblem } from "../../domain/destination";
import { badRequest } from "../../lib/errors";
import { countRefusedDestination } from "../../observability/metrics/destinations";

/**
 * The policy a write is checked against: the configured one, with this request's own host (and
 * `alsoOurs`: a custom domain's own hostname) as ours.
 */
export function writePolicy(config: Config, requestHost: string, alsoOurs: readonly string[] = []): DestinationPolicy {
  const configured = config.destinationPolicy;
  return { ...configured, ownHosts: [...configured.ownHosts, ...parseDomainList(requestHost), ...alsoOurs] };
}

/**
 * Throws a 400 when the policy refuses the destination (this request's own host, and `alsoOurs`, count
 * as ours). `field` names the field in the message when it is not the link's own destination.
 */
export function assertDestinationAllowed(
  config: Config,
  destination: string,
  requestHost: string,
  field?: string,
  alsoOurs: readonly string[] = [],
): void {
  const problem = policyProblem(destination, writePolicy(config, requestHost, alsoOurs));
  if (problem) {
    countRefusedDestination(problem, "write");
    throw badRequest(field ? `${field}: ${PROBLEM_MESSAGES[problem]}` : PROBLEM_MESSAGES[problem]);
  }
}

/**
 * On the redirect path: is the destination's domain blocked now? Costs nothing while
 * BLOCKED_DOMAINS is empty; otherwise one URL parse per redirect.
 */
export function blockedAtRedirect(destination: string, policy: DestinationPolicy): boolean {
  if (policy.blockedDomains.length === 0) return false;
  const blockedOnly = { ownHosts: [], blockedDomains: policy.blockedDomains, allowPrivate: true };
  return policyProblem(destination, blockedOnly) === "blocked_domain";
}
