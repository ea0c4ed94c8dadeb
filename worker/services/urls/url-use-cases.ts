// The links' use cases, whole: who may, the write, its audit event (inside the write), and what
// the caches must forget or keep. Routes parse, call one of these, and answer.

import { urlKey } from "../../cache/entity-cache";
import { invalidateCaches } from "../../cache/invalidate";
import { readThrough } from "../../cache/read-through";
import type { NewUrl, UrlEdit } from "../../contracts/link-requests";
import { UrlListSchema, type UrlResponse, UrlSchema } from "../../contracts/responses";
import type { HealthState } from "../../domain/health-states";
import { linkKey } from "../../domain/link-key";
import type { LinkState } from "../../domain/link-state";
import { encodeCursor, type ListCursor, type UrlSort } from "../../domain/url-list-order";
import { badRequest, notFound } from "../../lib/errors";
import { DEFAULT_PER_PAGE, type PageQuery, resolveWindow, type Window } from "../../lib/pagination";
import { assertOwnsUrl, assertOwnUser, getOwnedUrl, outOfReach, ownerForWrite, workspaceOf } from "../auth/access";
import { resolveStatsWindow, type StatsQuery } from "../clicks/stats-window";
import { type StatsOptions, urlStats } from "../clicks/url-stats";
import { namedLinkDomain } from "../domains/link-domains";
import { listEvents } from "../events/list-events";
import { serializeEvent } from "../events/serialize";
import { actorOf, type ServiceContext } from "../service-context";
import { getUserOrThrow } from "../users/get-user";
import { newLinkDomain } from "./code-availability";
import { assertDestinationAllowed, writePolicy } from "./destination-policy";
import { listLinkPage, listLinks, type TagMode, type UrlFilters } from "./link-list-store";
import { assertSettingsAllowed, type LinkSettings } from "./link-settings";
import { deactivateLink, getLinkOrThrow, insertApiLink, type LinkRow, updateLink } from "./link-store";
import { serializeUrl, withCurrentState } from "./serialize";

/** GET /urls/{id}: cached; a user's key gets a 404 for another user's link. */
export async function readUrl(ctx: ServiceContext, id: number): Promise<UrlResponse> {
  const url = await readThrough({
    cache: "url",
    fromCache: () => ctx.cache.entities.get(urlKey(id), UrlSchema),
    load: async () => serializeUrl(await getLinkOrThrow(ctx.database(), id)),
    fill: (value) => ctx.cache.entities.fill(urlKey(id), value),
    defer: ctx.defer,
  });
  if (outOfReach(ctx, url.workspace_id)) throw notFound("url not found");
  return withCurrentState(url);
}

export interface UrlListQuery extends PageQuery {
  user_id?: number | undefined;
  is_active?: boolean | undefined;
  state?: LinkState | undefined;
  health?: HealthState | undefined;
  q?: string | undefined;
  created_from?: Date | undefined;
  created_to?: Date | undefined;
  tag?: string[] | undefined;
  tag_mode?: TagMode | undefined;
  exclude_tag?: string[] | undefined;
  sort?: UrlSort | undefined;
  cursor?: ListCursor | undefined;
}

export interface UrlListAnswer {
  urls: UrlResponse[];
  /** With a sort or a cursor: where the next page starts, when this one is full. */
  nextCursor?: string | undefined;
}

/** The filters of a GET /urls query, as of `now`: the caller's workspace's links only. */
export function urlFiltersOf(ctx: ServiceContext, query: UrlListQuery, now: Date): UrlFilters {
  return {
    workspaceId: workspaceOf(ctx),
    userId: query.user_id,
    isActive: query.is_active,
    state: query.state === undefined ? undefined : { is: query.state, now },
    health: query.health,
    search: query.q,
    createdFrom: query.created_from,
    createdTo: query.created_to,
    tags: query.tag === undefined ? undefined : { names: query.tag, mode: query.tag_mode ?? "any" },
    excludeTags: query.exclude_tag,
  };
}

/** GET /urls: cached per filter and page; a user's key lists its own links only. */
export async function readUrls(ctx: ServiceContext, query: UrlListQuery): Promise<UrlListAnswer> {
  const now = new Date();
  const filters = urlFiltersOf(ctx, query, now);
  const uncached = [
    query.state,
    query.health,
    query.q,
    query.created_from,
    query.created_to,
    query.tag,
    query.exclude_tag,
    query.sort,
    query.cursor,
  ];
  if (uncached.some((value) => value !== undefined)) {
    // Not cached: which links are in a state changes with the clock, their health with each check,
    // and searches, tag filters and sorts are too many to keep.
    if (query.sort === undefined && query.cursor === undefined) {
      const rows = await listLinks(ctx.database(), filters, resolveWindow(query));
      return { urls: rows.map((row) => serializeUrl(row, now.getTime())) };
    }
    const order = query.sort ?? "id";
    if (query.cursor !== undefined && query.page !== undefined) throw badRequest("cursor and page cannot be combined");
    if (query.cursor !== undefined && query.cursor.order !== order) {
      throw badRequest("cursor belongs to another sort: keep the sort of the page it came from");
    }
    const page = await listLinkPage(ctx.database(), filters, order, query.cursor, query.per_page || DEFAULT_PER_PAGE);
    return {
      urls: page.rows.map((row) => serializeUrl(row, now.getTime())),
      nextCursor: page.next === undefined ? undefined : encodeCursor(page.next),
    };
  }
  // Only user_id and is_active are left to filter by here: the list is one the cache keeps.
  const cacheField = `workspace=${filters.workspaceId ?? ""}&user_id=${filters.userId ?? ""}&is_active=${query.is_active ?? ""}&page=${query.page ?? ""}&per_page=${query.per_page ?? ""}`;
  const page = await readThrough({
    cache: "url_list",
    fromCache: () => ctx.cache.entities.getList("urls", cacheField, UrlListSchema),
    load: async () => (await listLinks(ctx.database(), filters, resolveWindow(query))).map((row) => serializeUrl(row)),
    fill: (value) => ctx.cache.entities.fillList("urls", cacheField, value),
    defer: ctx.defer,
  });
  return { urls: page.map((url) => withCurrentState(url, now.getTime())) };
}

/**
 * POST /urls and POST /shorten: the owner the caller may set (a user's key: itself), the
 * destination policy, the link with its tags and its audit event, then what the caches knew of the code.
 */
export async function createUrl(
  ctx: ServiceContext,
  url: NewUrl,
  settings: LinkSettings,
  requestHost: string,
): Promise<LinkRow> {
  assertDestinationAllowed(ctx.config, url.original_url, requestHost);
  assertSettingsAllowed(ctx.config, settings, requestHost);
  const workspaceId = workspaceOf(ctx);
  const row = await insertApiLink(
    ctx.database(),
    {
      originalUrl: url.original_url,
      title: url.title ?? null,
      userId: ownerForWrite(ctx, url.user_id) ?? null,
      workspaceId,
      domain: await newLinkDomain(ctx, url.domain, requestHost),
      shortCode: url.short_code,
      settings,
      tags: url.tags ?? [],
    },
    actorOf(ctx),
  );
  // The link may have been cached as unknown (someone tried its code before it existed).
  const created = linkKey(row.domainId, row.shortCode);
  await invalidateCaches(ctx.cache, { createdLinks: [created], lists: ["urls"] }, ctx.requestId);
  return row;
}

/** PUT/PATCH /urls/{id}: the owner's edit, checked against the destination policy. */
export async function updateUrl(
  ctx: ServiceContext,
  id: number,
  edit: UrlEdit,
  settings: LinkSettings,
  requestHost: string,
): Promise<UrlResponse> {
  // A move between domains needs the link's workspace (whose domains it may go to) and its old key.
  const before = edit.domain === undefined ? undefined : await getOwnedUrl(ctx, id);
  if (!before) await assertOwnsUrl(ctx, id);
  if (edit.original_url !== undefined) assertDestinationAllowed(ctx.config, edit.original_url, requestHost);
  assertSettingsAllowed(ctx.config, settings, requestHost);
  const ownHosts = writePolicy(ctx.config, requestHost).ownHosts;
  const domain =
    before === undefined || edit.domain === undefined
      ? undefined
      : await namedLinkDomain(ctx.database(), before.workspaceId, edit.domain, ownHosts);
  const row = await updateLink(
    ctx.database(),
    id,
    {
      ...settings,
      originalUrl: edit.original_url,
      title: edit.title,
      isActive: edit.is_active,
      tags: edit.tags,
      domain,
    },
    ownerForWrite(ctx, edit.user_id) ?? null,
    actorOf(ctx),
  );
  // A link moved between domains is stale under its old key, and may be cached as unknown under its new one.
  const keys = new Set([linkKey(row.domainId, row.shortCode)]);
  if (before) keys.add(linkKey(before.domainId, before.shortCode));
  await invalidateCaches(ctx.cache, { urls: [id], links: [...keys], lists: ["urls"] }, ctx.requestId);
  return serializeUrl(row);
}

/** DELETE /urls/{id}: the owner's soft delete; the link stops redirecting at once here. */
export async function removeUrl(ctx: ServiceContext, id: number): Promise<void> {
  await assertOwnsUrl(ctx, id);
  const key = await deactivateLink(ctx.database(), id, actorOf(ctx));
  await invalidateCaches(ctx.cache, { urls: [id], links: [key], lists: ["urls"] }, ctx.requestId);
}

/** GET /urls/{id}/stats: the owner's (or the admin's) click statistics. */
export async function readUrlStats(ctx: ServiceContext, id: number, query: StatsQuery, options?: StatsOptions) {
  const url = await getOwnedUrl(ctx, id);
  const window = resolveStatsWindow(query, url.createdAt, Date.now());
  return { url_id: id, imported_clicks: url.importedClicks, ...(await urlStats(ctx.database(), id, window, options)) };
}

/** The caller's workspace's links with this exact code (one per domain it is used on): the web app's "another link". */
export async function findUrlIdsByCode(ctx: ServiceContext, code: string): Promise<number[]> {
  const filters = { workspaceId: workspaceOf(ctx), shortCode: code };
  return (await listLinks(ctx.database(), filters, { limit: 10, offset: 0 })).map((row) => row.id);
}

/** GET /urls/{id}/events: the owner's link history, oldest first. */
export async function readUrlEvents(ctx: ServiceContext, id: number, window: Window) {
  await getOwnedUrl(ctx, id);
  return (await listEvents(ctx.database(), { urlId: id }, window)).map(serializeEvent);
}

/** GET /users/{id}/urls: the links a user made (a key or a person: its own id only, in its workspace). */
export async function readUserUrls(ctx: ServiceContext, userId: number, window: Window) {
  assertOwnUser(ctx, userId);
  await getUserOrThrow(ctx.database(), userId);
  const filters = { userId, workspaceId: workspaceOf(ctx) };
  return (await listLinks(ctx.database(), filters, window)).map((row) => serializeUrl(row));
}
