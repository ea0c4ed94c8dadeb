// A link's state is a function of its fields and the clock, computed wherever it is shown or
// filtered on (never stored), so it is exact at the moment it is read.

export const LINK_STATES = ["active", "scheduled", "expired", "exhausted", "inactive"] as const;
export type LinkState = (typeof LINK_STATES)[number];

export interface LinkLifecycle {
  isActive: boolean;
  validSince: number | null;
  expiresAt: number | null;
  maxClicks: number | null;
  clicksUsed: number;
}

/** The first that holds wins: inactive, scheduled, expired, exhausted, otherwise active. */
export function linkState(link: LinkLifecycle, now: number): LinkState {
  if (!link.isActive) return "inactive";
  if (link.validSince !== null && now < link.validSince) return "scheduled";
  if (link.expiresAt !== null && now >= link.expiresAt) return "expired";
  if (link.maxClicks !== null && link.clicksUsed >= link.maxClicks) return "exhausted";
  return "active";
}

/** Clicks left before the cap, or null for an uncapped link. */
export function clicksRemaining(maxClicks: number | null, clicksUsed: number): number | null {
  return maxClicks === null ? null : Math.max(0, maxClicks - clicksUsed);
}

/** valid_since must come first; the request schemas and the table's check constraint both say so. */
export const VALIDITY_WINDOW_MESSAGE = "valid_since must be before expires_at";
