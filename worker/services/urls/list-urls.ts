import { and, asc, eq, gt, isNotNull, isNull, lte, not, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type UrlRow, urls } from "../../../db/schema";
import type { HealthState } from "../../lib/health-states";
import type { LinkState } from "../../lib/link-state";
import type { Window } from "../../lib/pagination";

export interface UrlFilters {
  userId?: number | undefined;
  isActive?: boolean | undefined;
  /** As of `now`: the same rules as linkState, in SQL. */
  state?: { is: LinkState; now: Date } | undefined;
  /** The state its destination's last check left it in. */
  health?: HealthState | undefined;
}

/** linkState (lib/link-state.ts) as a condition: each state excludes the ones before it. */
function stateCondition(state: LinkState, now: Date): SQL | undefined {
  const scheduled = gt(urls.validSince, now);
  const expired = lte(urls.expiresAt, now);
  const exhausted = and(isNotNull(urls.maxClicks), sql`${urls.clicksUsed} >= ${urls.maxClicks}`);
  const notScheduled = or(isNull(urls.validSince), lte(urls.validSince, now));
  const notExpired = or(isNull(urls.expiresAt), gt(urls.expiresAt, now));
  const active = eq(urls.isActive, true);
  switch (state) {
    case "inactive":
      return eq(urls.isActive, false);
    case "scheduled":
      return and(active, scheduled);
    case "expired":
      return and(active, notScheduled, expired);
    case "exhausted":
      return and(active, notScheduled, notExpired, exhausted);
    case "active":
      return and(active, notScheduled, notExpired, or(isNull(urls.maxClicks), not(exhausted ?? sql`false`)));
  }
}

export function listUrls(db: Database, filters: UrlFilters, window: Window): Promise<UrlRow[]> {
  const conditions: (SQL | undefined)[] = [];
  if (filters.userId !== undefined) conditions.push(eq(urls.userId, filters.userId));
  if (filters.isActive !== undefined) conditions.push(eq(urls.isActive, filters.isActive));
  if (filters.state !== undefined) conditions.push(stateCondition(filters.state.is, filters.state.now));
  if (filters.health !== undefined) conditions.push(eq(urls.healthState, filters.health));
  return db
    .select()
    .from(urls)
    .where(and(...conditions))
    .orderBy(asc(urls.id))
    .limit(window.limit)
    .offset(window.offset);
}
