// The tags table: reads, and the writes that change links (rename, merge, delete), each in one
// transaction with an "updated" audit event for every link whose tags it changed.
import { and, asc, eq, getTableColumns, sql } from "drizzle-orm";
import type { Database, TransactionalDatabase } from "../../../db/client";
import { type TagRow, tags } from "../../../db/schema";
import type { Actor } from "../../domain/audit-actor";
import { AppError, conflict, notFound } from "../../lib/errors";
import type { Window } from "../../lib/pagination";
import { findPostgresError, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION } from "../../lib/postgres-errors";
import { insertTagUpdatedEvents } from "../urls/link-store";

export type TagWithCount = TagRow & { links: number };

const LINK_COUNT = sql<number>`(SELECT count(*)::integer FROM url_tags ut WHERE ut.tag_id = "tags"."id")`;
const TAG_COLUMNS = { ...getTableColumns(tags), links: LINK_COUNT };

export interface TagFilters {
  /** The workspace's tags (undefined: every workspace's). */
  workspaceId?: number | undefined;
  /** Made by this user (the seed's user_id), undefined for any. */
  userId?: number | undefined;
}

export function listTags(db: Database, filters: TagFilters, window: Window): Promise<TagWithCount[]> {
  return db
    .select(TAG_COLUMNS)
    .from(tags)
    .where(
      and(
        filters.workspaceId === undefined ? undefined : eq(tags.workspaceId, filters.workspaceId),
        filters.userId === undefined ? undefined : eq(tags.userId, filters.userId),
      ),
    )
    .orderBy(asc(sql`lower(${tags.name})`), asc(tags.id))
    .limit(window.limit)
    .offset(window.offset);
}

export async function getTagOrThrow(db: Database, id: number): Promise<TagWithCount> {
  const [row] = await db.select(TAG_COLUMNS).from(tags).where(eq(tags.id, id)).limit(1);
  if (!row) throw notFound("tag not found");
  return row;
}

/** A name another tag of the owner already has (in any case) is a 409 that says what to do. */
function nameTaken(error: unknown, name: string): never {
  const pgError = findPostgresError(error);
  if (pgError?.code === PG_UNIQUE_VIOLATION && pgError.constraint === "tags_workspace_name_unique") {
    throw conflict(`a tag named "${name}" already exists (names ignore case): merge into it instead`);
  }
  throw error;
}

/** A new tag of the workspace (undefined: its maker's personal one, the operator's without a maker). */
export async function insertTag(
  db: Database,
  tag: { userId: number | null; workspaceId: number | undefined; name: string },
): Promise<TagWithCount> {
  const { userId, name } = tag;
  try {
    const [row] = await db.insert(tags).values(tag).returning();
    if (!row) throw new Error("tag insert returned no row");
    return { ...row, links: 0 };
  } catch (error) {
    const pgError = findPostgresError(error);
    if (pgError?.code === PG_FOREIGN_KEY_VIOLATION) throw notFound(`user ${userId} not found`);
    return nameTaken(error, name);
  }
}

/**
 * Refuses, before any write, a change that would reach more than `maxLinks` links (undefined: no limit).
 * The tag is locked first (FOR UPDATE waits out, and then holds off, links being tagged with it: their
 * foreign key check takes a share lock on it), so the count is what the change will touch.
 */
async function assertLinksWithin(tx: TransactionalDatabase, tagId: number, maxLinks: number | undefined) {
  if (maxLinks === undefined) return;
  await tx.execute(sql`SELECT id FROM tags WHERE id = ${tagId} FOR UPDATE`);
  const counted = await tx.execute<{ links: number }>(
    sql`SELECT count(*)::integer AS links FROM url_tags WHERE tag_id = ${tagId}`,
  );
  const links = Number(counted.rows[0]?.links ?? 0);
  if (links > maxLinks) {
    throw new AppError(
      "UNPROCESSABLE",
      `the tag is on ${links} links: an API key renames, merges or deletes a tag on at most ${maxLinks} links (MAX_TAG_CHANGE_LINKS); nothing was changed, take the tag off some links first`,
    );
  }
}

/**
 * Marks the links carrying `tagId` updated (their tags are about to change) and answers their ids;
 * call insertTagUpdatedEvents with them once the change is made.
 */
async function touchLinksOf(tx: TransactionalDatabase, tagId: number): Promise<number[]> {
  const touched = await tx.execute<{ id: number }>(sql`UPDATE urls SET updated_at = now()
    WHERE id IN (SELECT url_id FROM url_tags WHERE tag_id = ${tagId}) RETURNING id`);
  return touched.rows.map((row) => row.id);
}

export interface TagChange {
  tag: TagWithCount | undefined;
  /** The links whose tags changed: their cached answers are stale. */
  urlIds: number[];
}

export async function renameTag(
  db: TransactionalDatabase,
  id: number,
  name: string,
  actor: Actor,
  maxLinks?: number,
): Promise<TagChange> {
  try {
    return await db.transaction(async (inner) => {
      await assertLinksWithin(inner, id, maxLinks);
      const [renamed] = await inner
        .update(tags)
        .set({ name, updatedAt: sql`now()` })
        .where(eq(tags.id, id))
        .returning({ id: tags.id });
      if (!renamed) throw notFound("tag not found");
      const urlIds = await touchLinksOf(inner, id);
      await insertTagUpdatedEvents(inner, urlIds, actor);
      const [tag] = await inner.select(TAG_COLUMNS).from(tags).where(eq(tags.id, id));
      return { tag, urlIds };
    });
  } catch (error) {
    return nameTaken(error, name);
  }
}

export function deleteTag(db: TransactionalDatabase, id: number, actor: Actor, maxLinks?: number): Promise<TagChange> {
  return db.transaction(async (inner) => {
    await assertLinksWithin(inner, id, maxLinks);
    const urlIds = await touchLinksOf(inner, id);
    const [deleted] = await inner.delete(tags).where(eq(tags.id, id)).returning({ id: tags.id });
    if (!deleted) throw notFound("tag not found");
    await insertTagUpdatedEvents(inner, urlIds, actor);
    return { tag: undefined, urlIds };
  });
}

/** Every link of `fromId` carries `intoId` instead (once), and `fromId` is gone. Same workspace: checked by the caller. */
export function mergeTag(
  db: TransactionalDatabase,
  fromId: number,
  intoId: number,
  actor: Actor,
  maxLinks?: number,
): Promise<TagChange> {
  return db.transaction(async (inner) => {
    // Both rows locked in id order: two opposite merges at once cannot each delete the other's target.
    const locked = await inner.execute<{ id: number }>(
      sql`SELECT id FROM tags WHERE id IN (${fromId}, ${intoId}) ORDER BY id FOR UPDATE`,
    );
    if (locked.rows.length !== 2) throw notFound("tag not found");
    await assertLinksWithin(inner, fromId, maxLinks);
    const urlIds = await touchLinksOf(inner, fromId);
    await inner.execute(sql`INSERT INTO url_tags (url_id, tag_id)
      SELECT url_id, ${intoId} FROM url_tags WHERE tag_id = ${fromId} ON CONFLICT DO NOTHING`);
    await inner.delete(tags).where(eq(tags.id, fromId));
    await inner.update(tags).set({ updatedAt: sql`now()` }).where(eq(tags.id, intoId));
    await insertTagUpdatedEvents(inner, urlIds, actor);
    const [tag] = await inner.select(TAG_COLUMNS).from(tags).where(eq(tags.id, intoId));
    return { tag, urlIds };
  });
}
