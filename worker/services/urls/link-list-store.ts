import { and, asc, eq, gt, gte, isNotNull, isNull, lt, lte, not, or, type SQL, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { URL_SEARCH_TEXT, urls } from "../../../db/schema";
import type { HealthState } from "../../domain/health-states";
import type { LinkState } from "../../domain/link-state";
import type { ListCursor, UrlOrder } from "../../domain/url-list-order";
import type { Window } from "../../lib/pagination";
import { tagNamedOneOf } from "../tags/link-tags";
import { LINK_COLUMNS, type LinkRow } from "./link-store";

export interface UrlFilters {
  /** The workspace's links only (undefined: every workspace's, for the operator). */
  workspaceId?: number | undefined;
  /** Made by this user (the seed's user_id). */
  userId?: number | undefined;
  isActive?: boolean | undefined;
  /** As of `now`: the same rules as linkState, in SQL. */
  state?: { is: LinkState; now: Date } | undefined;
  /** The state its destination's last check left it in. */
  health?: HealthState | undefined;
  /** A substring of the code, the destination or the title, case-insensitive; % and _ are literal. */
  search?: string | undefined;
  /** Exactly this code (on any of the workspace's domains). */
  shortCode?: string | undefined;
  /** Created at or after; before (exclusive). */
  createdFrom?: Date | undefined;
  createdTo?: Date | undefined;
  /** Carrying any (or all) of these tag names, compared without case. */
  tags?: { names: string[]; mode: TagMode } | undefined;
  /** Carrying none of these tag names. */
  excludeTags?: string[] | undefined;
}

export type TagMode = "any" | "all";

/** How many of `names` the link carries (its tags are distinct without case, so this counts names). */
function carriedTags(names: string[]): SQL {
  return sql`(SELECT count(*) FROM url_tags ut JOIN tags t ON t.id = ut.tag_id WHERE ut.url_id = "urls"."id"
    AND ${tagNamedOneOf(names)})`;
}

function tagConditions(filters: UrlFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.tags !== undefined && filters.tags.names.length > 0) {
    const { names, mode } = filters.tags;
    conditions.push(mode === "all" ? sql`${carriedTags(names)} = ${names.length}` : sql`${carriedTags(names)} > 0`);
  }
  if (filters.excludeTags !== undefined && filters.excludeTags.length > 0) {
    conditions.push(sql`${carriedTags(filters.excludeTags)} = 0`);
  }
  return conditions;
}

/** linkState (domain/link-state.ts) as a condition: each state excludes the ones before it. */
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

/** LIKE's own characters taken literally: a search for "50%_off" finds exactly that. */
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

function conditionsOf(filters: UrlFilters): SQL | undefined {
  const conditions: (SQL | undefined)[] = [];
  if (filters.workspaceId !== undefined) conditions.push(eq(urls.workspaceId, filters.workspaceId));
  if (filters.userId !== undefined) conditions.push(eq(urls.userId, filters.userId));
  if (filters.isActive !== undefined) conditions.push(eq(urls.isActive, filters.isActive));
  if (filters.state !== undefined) conditions.push(stateCondition(filters.state.is, filters.state.now));
  if (filters.health !== undefined) conditions.push(eq(urls.healthState, filters.health));
  if (filters.shortCode !== undefined) conditions.push(eq(urls.shortCode, filters.shortCode));
  // The very expression of the trigram index (urls_search_trgm_idx), so the planner can use it.
  if (filters.search !== undefined) {
    conditions.push(sql`${sql.raw(URL_SEARCH_TEXT)} ILIKE ${likePattern(filters.search)}`);
  }
  if (filters.createdFrom !== undefined) conditions.push(gte(urls.createdAt, filters.createdFrom));
  if (filters.createdTo !== undefined) conditions.push(lt(urls.createdAt, filters.createdTo));
  conditions.push(...tagConditions(filters));
  return and(...conditions);
}

export function listLinks(db: Database, filters: UrlFilters, window: Window): Promise<LinkRow[]> {
  const matching = conditionsOf(filters);
  const through = window.offset + window.limit;
  return db
    .select(LINK_COLUMNS)
    .from(urls)
    .where(filters.search === undefined ? matching : sql`${urls.id} IN (${searchedPage(matching, "id", through)})`)
    .orderBy(asc(urls.id))
    .limit(window.limit)
    .offset(window.offset);
}

/** Each order's key, as an expression its index (created_at, clicks_used, title) holds, with the id after it. */
const ORDER_KEYS: Record<UrlOrder, SQL> = {
  id: sql`${urls.id}`,
  created_at: sql`${urls.createdAt}`,
  "-created_at": sql`${urls.createdAt}`,
  clicks: sql`${urls.clicksUsed}`,
  "-clicks": sql`${urls.clicksUsed}`,
  title: sql`coalesce(${urls.title}, '')`,
  "-title": sql`coalesce(${urls.title}, '')`,
};

/** The key as the cursor keeps it: a time to the microsecond (a JS Date would lose them), else as is. */
const CURSOR_KEYS: Record<UrlOrder, SQL> = {
  ...ORDER_KEYS,
  created_at: sql`to_char(${urls.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
  "-created_at": sql`to_char(${urls.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
};

function afterCursor(order: UrlOrder, cursor: ListCursor): SQL {
  const key = ORDER_KEYS[order];
  const value = order.endsWith("created_at") ? sql`${cursor.key}::timestamptz` : sql`${cursor.key}`;
  return order.startsWith("-")
    ? sql`(${key}, ${urls.id}) < (${value}, ${cursor.id})`
    : sql`(${key}, ${urls.id}) > (${value}, ${cursor.id})`;
}

/**
 * A search's page as ids: the matches first (OFFSET 0 keeps that subquery whole, so it is planned
 * alone, through the trigram index), then their top `limit` by the sort key. Left to itself the
 * planner walks the sort key's index and filters every row until it has a page: 80-140 ms for a
 * search matching 1-10 % of 100,000 links, against 5-25 ms this way (docs/CAPACITY.md).
 */
function searchedPage(matching: SQL | undefined, order: UrlOrder, limit: number): SQL {
  const direction = order.startsWith("-") ? sql`DESC` : sql`ASC`;
  return sql`SELECT id FROM (SELECT ${urls.id} AS id, ${ORDER_KEYS[order]} AS key FROM ${urls} WHERE ${matching} OFFSET 0) AS found
    ORDER BY key ${direction}, id ${direction} LIMIT ${limit}`;
}

export interface UrlPage {
  rows: LinkRow[];
  /** Where the next page starts, when this one is full. */
  next: ListCursor | undefined;
}

/** A page in `order`, after `cursor` when given (keyset pagination: stable while rows are added). */
export async function listLinkPage(
  db: Database,
  filters: UrlFilters,
  order: UrlOrder,
  cursor: ListCursor | undefined,
  limit: number,
): Promise<UrlPage> {
  const descending = order.startsWith("-");
  const direction = descending ? sql`DESC` : sql`ASC`;
  const matching = and(conditionsOf(filters), cursor === undefined ? undefined : afterCursor(order, cursor));
  const rows = await db
    .select({ ...LINK_COLUMNS, cursorKey: CURSOR_KEYS[order] })
    .from(urls)
    .where(filters.search === undefined ? matching : sql`${urls.id} IN (${searchedPage(matching, order, limit)})`)
    .orderBy(sql`${ORDER_KEYS[order]} ${direction}`, sql`${urls.id} ${direction}`)
    .limit(limit);
  const last = rows.at(-1);
  const next =
    last && rows.length === limit ? { order, key: last.cursorKey as string | number, id: last.id } : undefined;
  return { rows: rows.map(({ cursorKey: _, ...row }) => row), next };
}
