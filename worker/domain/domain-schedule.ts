// When the cron asks a domain's provider again. A pending domain is asked often while its owner is
// likely setting DNS up, then less and less, and is never given up on (Dub deletes unverified domains
// after 30 days, silently); an unhealthy one often, so a fix shows soon; an active one daily.
import { DAY_MS, HOUR_MS, MINUTE_MS } from "../lib/time";
import type { DomainState } from "./domain-states";

export function nextCheckAfter(state: DomainState, createdAt: number, now: number): number {
  if (state === "active") return now + DAY_MS;
  if (state === "unhealthy") return now + 10 * MINUTE_MS;
  const age = now - createdAt;
  if (age < HOUR_MS) return now + MINUTE_MS;
  if (age < DAY_MS) return now + 10 * MINUTE_MS;
  return now + HOUR_MS;
}

/** A pending domain's owners are reminded once, this long after it was claimed. */
export const PENDING_REMINDER_AFTER_MS = 14 * DAY_MS;
