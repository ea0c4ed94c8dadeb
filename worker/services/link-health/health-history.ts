// A link's health for its page (/app/links/{id}): what the url's `health` object leaves out (the
// failure streak, the next scheduled check) and its last changes of state, the `health_changed` audit
// events store-health.ts writes. The link's workspace only: another's is a 404, as in the API.
import { and, desc, eq } from "drizzle-orm";
import { events } from "../../../db/schema";
import { HEALTH_STATES, type HealthState } from "../../domain/health-states";
import { getOwnedUrl } from "../auth/access";
import type { ServiceContext } from "../service-context";
import { HEALTH_CHANGED_EVENT, healthOf } from "./store-health";

/** Changes of state a page shows: a link's last ones. */
export const HEALTH_CHANGES_SHOWN = 10;

export interface HealthChange {
  /** When the check that changed it was stored (epoch ms). */
  at: number;
  from: HealthState;
  to: HealthState;
  status: number | null;
  error: string | null;
  finalUrl: string | null;
}

export interface LinkHealthDetail {
  /** Consecutive failed checks, and when the first of them was (epoch ms). */
  failures: number;
  firstFailureAt: number | null;
  /** When the next scheduled check is due (epoch ms); null: as soon as the checker gets to it. */
  nextCheckAt: number | null;
  /** Newest first. */
  changes: HealthChange[];
}

const stateOf = (value: unknown): HealthState => HEALTH_STATES.find((state) => state === value) ?? "unknown";
const stringOrNull = (value: unknown) => (typeof value === "string" ? value : null);

/** An event's details as a change, or undefined for details that are not one's (never written so). */
export function healthChangeOf(at: Date, details: string | null): HealthChange | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(details ?? "");
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const fields = parsed as Record<string, unknown>;
  return {
    at: at.getTime(),
    from: stateOf(fields.from),
    to: stateOf(fields.to),
    status: typeof fields.status === "number" ? fields.status : null,
    error: stringOrNull(fields.error),
    finalUrl: stringOrNull(fields.final_url),
  };
}

export async function readLinkHealth(
  ctx: ServiceContext,
  urlId: number,
  limit = HEALTH_CHANGES_SHOWN,
): Promise<LinkHealthDetail> {
  const db = ctx.database();
  // Both at once: the events are thrown away with the 404 of a link out of reach.
  const [row, changed] = await Promise.all([
    getOwnedUrl(ctx, urlId),
    db
      .select({ timestamp: events.timestamp, details: events.details })
      .from(events)
      .where(and(eq(events.urlId, urlId), eq(events.eventType, HEALTH_CHANGED_EVENT)))
      .orderBy(desc(events.id))
      .limit(limit),
  ]);
  const health = healthOf(row);
  return {
    failures: health.failures,
    firstFailureAt: health.firstFailureAt,
    nextCheckAt: health.nextCheckAt,
    changes: changed.flatMap((event) => healthChangeOf(event.timestamp, event.details) ?? []),
  };
}
