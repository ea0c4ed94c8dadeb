// What operators see of webhooks as a whole (counted by the alert evaluator each minute, one query):
// endpoints by state, and the backlog: due deliveries not yet sent, and how long the oldest has waited.
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";

export const ENDPOINT_GAUGE_STATES = ["active", "failing", "disabled"] as const;

export interface WebhookGauges {
  /** active (its last delivery went through, or none yet), failing (active, its last failed), disabled. */
  endpoints: Record<(typeof ENDPOINT_GAUGE_STATES)[number], number>;
  /** Pending deliveries whose time has come (retries not yet due are not a backlog). */
  backlogDeliveries: number;
  /** Seconds the oldest of them has waited; 0 when none waits. */
  backlogOldestSeconds: number;
}

/** By the database's clock: the deliveries' times are its own. */
export async function webhookGauges(db: Database): Promise<WebhookGauges> {
  const result = await db.execute<{
    active: number;
    failing: number;
    disabled: number;
    due: number;
    oldest: number | null;
  }>(sql`
    WITH endpoints AS (
      SELECT count(*) FILTER (WHERE state = 'active' AND consecutive_failures = 0)::int AS active,
             count(*) FILTER (WHERE state = 'active' AND consecutive_failures > 0)::int AS failing,
             count(*) FILTER (WHERE state = 'disabled')::int AS disabled
      FROM webhooks
    ), backlog AS (
      SELECT count(*)::int AS due, EXTRACT(EPOCH FROM now() - min(next_attempt_at))::float8 AS oldest
      FROM webhook_deliveries WHERE state = 'pending' AND next_attempt_at <= now()
    )
    SELECT * FROM endpoints, backlog`);
  const row = result.rows[0];
  return {
    endpoints: { active: row?.active ?? 0, failing: row?.failing ?? 0, disabled: row?.disabled ?? 0 },
    backlogDeliveries: Number(row?.due ?? 0),
    backlogOldestSeconds: Math.max(0, Number(row?.oldest ?? 0)),
  };
}
