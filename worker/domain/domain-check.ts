// What a provider's answer makes of a domain: links are served once ownership is verified; a domain
// that was serving and stops verifying is unhealthy (its owners are told), never silently pending.
import type { CertificateState, DomainState, OwnershipState } from "./domain-states";

export interface ProviderAnswer {
  ownership: OwnershipState;
  certificate: CertificateState;
  /** What the provider says is wrong, in its words; null when nothing is. */
  problem: string | null;
}

export function stateAfterCheck(previous: DomainState, answer: ProviderAnswer): DomainState {
  if (answer.ownership === "verified" && answer.certificate !== "failed") return "active";
  return previous === "pending" ? "pending" : "unhealthy";
}

/**
 * When the domain's unhealthy streak began: kept while it lasts, `now` when it starts, none otherwise.
 * The domain_unhealthy alert measures from it, whichever check (the cron's, or POST /domains/{id}/verify)
 * saw the change.
 */
export function failingSinceAfterCheck(state: DomainState, failingSince: Date | null, now: Date): Date | null {
  return state === "unhealthy" ? (failingSince ?? now) : null;
}
