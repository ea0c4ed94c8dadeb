// How many active links are in each health state: what linkscope_links_by_health exports (the
// evaluator counts them once a minute; an aggregate, never a label per link).
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { HEALTH_STATES, type HealthState } from "../../domain/health-states";

export async function countLinksByHealth(db: Database): Promise<Record<HealthState, number>> {
  const result = await db.execute<{ state: string; links: number }>(
    sql`SELECT health_state AS state, count(*)::int AS links FROM urls WHERE is_active GROUP BY health_state`,
  );
  const counts = Object.fromEntries(HEALTH_STATES.map((state) => [state, 0])) as Record<HealthState, number>;
  for (const row of result.rows) {
    if ((HEALTH_STATES as readonly string[]).includes(row.state)) counts[row.state as HealthState] = Number(row.links);
  }
  return counts;
}
