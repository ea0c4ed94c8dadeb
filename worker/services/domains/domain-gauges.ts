// What operators see of custom domains as a whole (counted by the alert evaluator each minute, one
// query): domains by state, the certificates of the domains that serve or served, and how long the
// longest-unhealthy domain has been so. Aggregates only: a hostname or an id is never a label.
import { sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import {
  CERTIFICATE_STATES,
  type CertificateState,
  DOMAIN_STATES,
  type DomainState,
  SERVING_STATES,
} from "../../domain/domain-states";

export interface DomainGauges {
  /** Every domain by state; 0 for a state no domain is in. */
  states: Record<DomainState, number>;
  /**
   * The certificates of serving domains (active, unhealthy), by status. A pending domain's are left out: its
   * certificate cannot be issued before its owner's records are in place, and an abandoned claim ends
   * with one timed out, which is nobody's failure to alert on.
   */
  certificates: Record<CertificateState, number>;
  /** Seconds since the longest-unhealthy domain turned so (its failing_since); 0 when none is. */
  unhealthyLongestSeconds: number;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

const isOneOf = <K extends string>(keys: readonly K[], value: string): value is K =>
  (keys as readonly string[]).includes(value);

/** By the database's clock: failing_since is its own (the cron's scheduled time, or now()). */
export async function domainGauges(db: Database): Promise<DomainGauges> {
  const result = await db.execute<{
    state: string;
    certificate: string;
    domains: number;
    failing_seconds: number | null;
  }>(sql`
    SELECT state, certificate, count(*)::int AS domains,
           EXTRACT(EPOCH FROM now() - min(failing_since))::float8 AS failing_seconds
    FROM domains GROUP BY state, certificate`);
  const gauges: DomainGauges = {
    states: zeros(DOMAIN_STATES),
    certificates: zeros(CERTIFICATE_STATES),
    unhealthyLongestSeconds: 0,
  };
  for (const row of result.rows) {
    const domains = Number(row.domains);
    if (isOneOf(DOMAIN_STATES, row.state)) gauges.states[row.state] += domains;
    if (isOneOf(SERVING_STATES, row.state) && isOneOf(CERTIFICATE_STATES, row.certificate)) {
      gauges.certificates[row.certificate] += domains;
    }
    if (row.state === "unhealthy") {
      const seconds = Math.max(0, Number(row.failing_seconds ?? 0));
      gauges.unhealthyLongestSeconds = Math.max(gauges.unhealthyLongestSeconds, seconds);
    }
  }
  return gauges;
}
