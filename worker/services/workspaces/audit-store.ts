// A workspace's audit log: its events (link events and its own: members, settings), newest first,
// keyset-paged by id. Written in the transaction of the change it records.
import { and, desc, eq, gte, is, lt, lte, SQL } from "drizzle-orm";
import type { Database, TransactionalDatabase } from "../../../db/client";
import { type EventRow, events } from "../../../db/schema";
import type { Actor, ActorKind } from "../../domain/audit-actor";

export type { Actor };

type Transaction = Parameters<Parameters<TransactionalDatabase["transaction"]>[0]>[0];

export interface WorkspaceEvent {
  workspaceId: number;
  action: string;
  actor: Actor;
  /** Its details, or SQL that computes them within the statement (an id written earlier in a batch). */
  details: Record<string, unknown> | SQL;
}

/** The events row of a workspace's own event (no link): for a transaction's insert or a batch's. */
export function workspaceEventRow(event: WorkspaceEvent) {
  return {
    workspaceId: event.workspaceId,
    urlId: null,
    userId: event.actor.userId,
    actorKind: event.actor.kind,
    actorKeyId: event.actor.keyId,
    eventType: event.action,
    details: is(event.details, SQL) ? event.details : JSON.stringify(event.details),
  };
}

/** Records a workspace's own event inside the change's transaction. */
export async function insertWorkspaceEvent(tx: Transaction, event: WorkspaceEvent): Promise<void> {
  await tx.insert(events).values(workspaceEventRow(event));
}

export interface AuditFilters {
  actorKind?: ActorKind | undefined;
  actorUserId?: number | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Only events older than this id (the cursor). */
  beforeId?: number | undefined;
}

export function listAudit(
  db: Database,
  workspaceId: number,
  filters: AuditFilters,
  limit: number,
): Promise<EventRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(events.workspaceId, workspaceId),
    filters.actorKind === undefined ? undefined : eq(events.actorKind, filters.actorKind),
    filters.actorUserId === undefined ? undefined : eq(events.userId, filters.actorUserId),
    filters.action === undefined ? undefined : eq(events.eventType, filters.action),
    filters.from === undefined ? undefined : gte(events.timestamp, filters.from),
    filters.to === undefined ? undefined : lte(events.timestamp, filters.to),
    filters.beforeId === undefined ? undefined : lt(events.id, filters.beforeId),
  ];
  return db
    .select()
    .from(events)
    .where(and(...conditions))
    .orderBy(desc(events.id))
    .limit(limit);
}
