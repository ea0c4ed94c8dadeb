// A custom domain's states. `state` is what the service does with the hostname: `pending` (not yet
// proven: nothing is served on it), `active` (links are served) or `unhealthy` (it was active and
// stopped verifying: its owners were told, and links keep being served while the provider still
// routes it). Ownership and certificate are the provider's two separate answers: a hostname can be
// owned before its certificate is issued.
export const DOMAIN_STATES = ["pending", "active", "unhealthy"] as const;
export type DomainState = (typeof DOMAIN_STATES)[number];
/**
 * The states in which a domain serves its links: an unhealthy one still does (its owners were told,
 * and traffic that still reaches it should not break), a pending one not yet.
 */
export const SERVING_STATES: readonly DomainState[] = ["active", "unhealthy"];

export const OWNERSHIP_STATES = ["pending", "verified", "failed"] as const;
export type OwnershipState = (typeof OWNERSHIP_STATES)[number];

/** `none`: the provider issues none (manual domains: the operator's proxy terminates TLS). */
export const CERTIFICATE_STATES = ["pending", "active", "failed", "none"] as const;
export type CertificateState = (typeof CERTIFICATE_STATES)[number];

/**
 * Who proves and routes a hostname: Cloudflare for SaaS custom hostnames, a TXT record the operator's
 * own routing sits behind, or nobody (development and tests: active at once).
 */
export const DOMAIN_PROVIDERS = ["cloudflare-saas", "manual", "none"] as const;
export type DomainProvider = (typeof DOMAIN_PROVIDERS)[number];
