// What the /tags routes do: whose tags a caller sees and touches (its workspace's; another
// workspace's tag is a 404), and what the caches must forget when a tag change reaches links.

import { invalidateCaches } from "../../cache/invalidate";
import { AppError, badRequest, notFound } from "../../lib/errors";
import { type PageQuery, resolveWindow } from "../../lib/pagination";
import { outOfReach, ownerForWrite, workspaceOf } from "../auth/access";
import { actorOf, isOperator, type ServiceContext } from "../service-context";
import {
  deleteTag,
  getTagOrThrow,
  insertTag,
  listTags,
  mergeTag,
  renameTag,
  type TagChange,
  type TagWithCount,
} from "./tag-store";

export interface TagListQuery extends PageQuery {
  user_id?: number | undefined;
}

/** GET /tags: the workspace's tags (the operator's: every workspace's), optionally by their maker. */
export function readTags(ctx: ServiceContext, query: TagListQuery): Promise<TagWithCount[]> {
  const filters = { workspaceId: workspaceOf(ctx), userId: query.user_id };
  return listTags(ctx.database(), filters, resolveWindow(query));
}

/** The tag, when the caller may see it: another workspace's is a 404, as if it did not exist. */
export async function readTag(ctx: ServiceContext, id: number): Promise<TagWithCount> {
  const tag = await getTagOrThrow(ctx.database(), id);
  if (outOfReach(ctx, tag.workspaceId)) throw notFound("tag not found");
  return tag;
}

export function createTag(ctx: ServiceContext, body: { name: string; user_id?: number | null | undefined }) {
  const userId = ownerForWrite(ctx, body.user_id, "an API key can only create tags for its own user") ?? null;
  return insertTag(ctx.database(), { userId, workspaceId: workspaceOf(ctx), name: body.name });
}

/** Links whose tags changed: their cached answers and every cached list go. */
async function forgetLinks(ctx: ServiceContext, change: TagChange): Promise<void> {
  await invalidateCaches(ctx.cache, { urls: change.urlIds, lists: ["urls"] }, ctx.requestId);
}

/**
 * The most links one tag change may reach: MAX_TAG_CHANGE_LINKS for a user's key, since each link
 * costs a write, an audit event and a link.updated delivery per endpoint; the admin key has no limit.
 */
const linkLimitOf = (ctx: ServiceContext) => (isOperator(ctx.principal) ? undefined : ctx.config.MAX_TAG_CHANGE_LINKS);

export async function renameTagFor(ctx: ServiceContext, id: number, name: string): Promise<TagWithCount> {
  await readTag(ctx, id);
  const change = await renameTag(ctx.transactionalDatabase(), id, name, actorOf(ctx), linkLimitOf(ctx));
  await forgetLinks(ctx, change);
  if (!change.tag) throw notFound("tag not found");
  return change.tag;
}

export async function deleteTagFor(ctx: ServiceContext, id: number): Promise<number> {
  await readTag(ctx, id);
  const change = await deleteTag(ctx.transactionalDatabase(), id, actorOf(ctx), linkLimitOf(ctx));
  await forgetLinks(ctx, change);
  return change.urlIds.length;
}

/** POST /tags/{id}/merge: the tag's links carry `into` instead, and the tag is gone. */
export async function mergeTagFor(ctx: ServiceContext, id: number, into: number): Promise<TagWithCount> {
  const from = await readTag(ctx, id);
  if (id === into) throw badRequest("into: a tag cannot be merged into itself");
  const target = await readTag(ctx, into).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") throw badRequest(`into: no tag ${into}`);
    throw error;
  });
  if (from.workspaceId !== target.workspaceId) throw badRequest("into: the tags belong to different workspaces");
  const change = await mergeTag(ctx.transactionalDatabase(), id, into, actorOf(ctx), linkLimitOf(ctx));
  await forgetLinks(ctx, change);
  if (!change.tag) throw notFound("tag not found");
  return change.tag;
}
