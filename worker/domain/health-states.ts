// The words of link health, shared by the checker, the API's schemas and the database's types.

export const HEALTH_STATES = ["unknown", "healthy", "suspect", "broken", "blocked", "moved"] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

export const PROBE_ERRORS = [
  "dns",
  "tls",
  "timeout",
  "connection",
  "http_status",
  "too_many_redirects",
  "redirect_loop",
  "refused_destination",
] as const;
/**
 * A person's redirect on a link whose own destination is broken: "followed" sent them there anyway
 * (the link has no fallback_url), "fallback" sent them to its fallback_url.
 */
export type BrokenDestination = "followed" | "fallback";

export type ProbeError = (typeof PROBE_ERRORS)[number];
