// The domains table: each change one batch (one transaction over HTTP) with its audit event, and the
// workspace's one default kept one (the old default is cleared in the same batch).
import { and, asc, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { type DomainRow, domains, events, type NewDomainRow, urls } from "../../../db/schema";
import type { Actor } from "../../domain/audit-actor";
import { conflict, notFound } from "../../lib/errors";
import { findPostgresError, isForeignKeyViolation, PG_UNIQUE_VIOLATION } from "../../lib/postgres-errors";
import { workspaceEventRow } from "../workspaces/audit-store";

/** Claiming a hostname someone holds: the same answer whoever holds it (nothing about the holder). */
const HOSTNAME_TAKEN = "hostname is already claimed: a hostname belongs to one workspace";

const clearDefault = (db: Database, workspaceId: number) =>
  db
    .update(domains)
    .set({ isDefault: false, updatedAt: sql`now()` })
    .where(and(eq(domains.workspaceId, workspaceId), eq(domains.isDefault, true)));

function auditRow(
  workspaceId: number,
  action: string,
  actor: Actor,
  details: Record<string, unknown> | ReturnType<typeof sql>,
) {
  return workspaceEventRow({ workspaceId, action, actor, details });
}

/** A 409 when a workspace holds the hostname already (asked before the provider registers it). */
export async function assertHostnameFree(db: Database, hostname: string): Promise<void> {
  const [held] = await db.select({ id: domains.id }).from(domains).where(eq(domains.hostname, hostname)).limit(1);
  if (held) throw conflict(HOSTNAME_TAKEN);
}

export async function insertDomain(db: Database, domain: NewDomainRow, actor: Actor): Promise<DomainRow> {
  const insert = db.insert(domains).values(domain).returning();
  const event = db
    .insert(events)
    .values(
      auditRow(
        domain.workspaceId,
        "domain.created",
        actor,
        sql`json_build_object('domain_id', currval(pg_get_serial_sequence('domains', 'id')), 'hostname', ${domain.hostname}::text)::text`,
      ),
    );
  try {
    const results = domain.isDefault
      ? await db.batch([clearDefault(db, domain.workspaceId), insert, event])
      : await db.batch([insert, event]);
    const [row] = results[domain.isDefault ? 1 : 0] as DomainRow[];
    if (!row) throw new Error("domain insert returned no row");
    return row;
  } catch (error) {
    const pgError = findPostgresError(error);
    if (pgError?.code === PG_UNIQUE_VIOLATION && pgError.constraint === "domains_hostname_unique") {
      throw conflict(HOSTNAME_TAKEN);
    }
    throw error;
  }
}

export function listDomains(db: Database, workspaceId: number | undefined): Promise<DomainRow[]> {
  return db
    .select()
    .from(domains)
    .where(workspaceId === undefined ? undefined : eq(domains.workspaceId, workspaceId))
    .orderBy(asc(domains.hostname));
}

export async function getDomainOrThrow(db: Database, id: number): Promise<DomainRow> {
  const [row] = await db.select().from(domains).where(eq(domains.id, id)).limit(1);
  if (!row) throw notFound("domain not found");
  return row;
}

export type DomainChanges = Partial<
  Pick<
    NewDomainRow,
    | "rootRedirect"
    | "notFoundRedirect"
    | "expiredUrl"
    | "isDefault"
    | "appleAppSiteAssociation"
    | "assetlinks"
    | "state"
    | "ownership"
    | "certificate"
    | "problem"
    | "verifiedAt"
    | "checkedAt"
    | "nextCheckAt"
    | "failingSince"
  >
>;

/** The domain's changes and their audit event (`details`: what the event says), in one batch. */
export async function updateDomain(
  db: Database,
  row: DomainRow,
  changes: DomainChanges,
  event?: { action: string; actor: Actor; details: Record<string, unknown> },
): Promise<DomainRow> {
  const update = db
    .update(domains)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(domains.id, row.id))
    .returning();
  const audit = event
    ? [
        db
          .insert(events)
          .values(auditRow(row.workspaceId, event.action, event.actor, { domain_id: row.id, ...event.details })),
      ]
    : [];
  const results = changes.isDefault
    ? await db.batch([clearDefault(db, row.workspaceId), update, ...audit])
    : await db.batch([update, ...audit]);
  const [updated] = results[changes.isDefault ? 1 : 0] as DomainRow[];
  if (!updated) throw notFound("domain not found");
  return updated;
}

/**
 * The row and its audit event, together. Links on the domain (active or not) keep it: the foreign key
 * refuses, and the 409 says how many links to move (PATCH /urls/{id} with another domain) first.
 */
export async function deleteDomain(db: Database, row: DomainRow, actor: Actor): Promise<void> {
  try {
    await db.batch([
      db
        .insert(events)
        .values(auditRow(row.workspaceId, "domain.deleted", actor, { domain_id: row.id, hostname: row.hostname })),
      db.delete(domains).where(eq(domains.id, row.id)),
    ]);
  } catch (error) {
    const pgError = findPostgresError(error);
    if (!isForeignKeyViolation(pgError) || pgError?.constraint !== "urls_domain_workspace_fk") throw error;
    const [{ links } = { links: 0 }] = await db
      .select({ links: sql<number>`count(*)::int` })
      .from(urls)
      .where(eq(urls.domainId, row.id));
    throw conflict(
      `${links} link${links === 1 ? "" : "s"} (deleted ones included) still use ${row.hostname}: move them to another domain first`,
    );
  }
}

/** Claims up to `limit` domains due at `now` (their next check pushed 5 minutes out, so a concurrent run skips them). */
export async function claimDueDomains(db: Database, now: Date, limit: number): Promise<DomainRow[]> {
  return db
    .update(domains)
    .set({ nextCheckAt: sql`${now.toISOString()}::timestamptz + interval '5 minutes'` })
    .where(
      sql`${domains.id} IN (SELECT id FROM domains WHERE next_check_at <= ${now.toISOString()}::timestamptz
        ORDER BY next_check_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)`,
    )
    .returning();
}

/** Claims the pending domains claimed before `before` whose owners were never reminded (each once). */
export async function claimUnremindedPending(db: Database, before: Date, limit: number): Promise<DomainRow[]> {
  return db
    .update(domains)
    .set({ remindedAt: sql`now()` })
    .where(
      sql`${domains.id} IN (SELECT id FROM domains WHERE state = 'pending' AND reminded_at IS NULL
        AND created_at < ${before.toISOString()}::timestamptz ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)`,
    )
    .returning();
}
