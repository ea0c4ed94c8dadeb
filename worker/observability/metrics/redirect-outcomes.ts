/**
 * What a redirect request got: found (302 to the link's destination), unknown (404), scheduled (404,
 * not active yet), expired and exhausted (410 or 302 to the link's expired_url), withheld (a capped
 * link's neutral page for a bot, preview, HEAD or prefetch), locked (a password-protected link's
 * form, 401 or 403, or 429 while its guesses are limited), blocked (403), limited (429),
 * unavailable (503: a capped link's reservation failed), unserved_host (404: a host no domain serves, on
 * a deployment that names its own hosts), error (500). The outcome label's closed set.
 */
export const REDIRECT_OUTCOMES = [
  "found",
  "unknown",
  "scheduled",
  "expired",
  "exhausted",
  "withheld",
  "locked",
  "blocked",
  "limited",
  "unavailable",
  "unserved_host",
  "error",
] as const;

export type RedirectOutcome = (typeof REDIRECT_OUTCOMES)[number];
