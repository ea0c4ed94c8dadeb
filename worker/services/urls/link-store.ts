// The links table: the one read of a whole link, and its writers. Every path that makes a link (POST
// /urls, /shorten, the bulk import, the imports from other shorteners) goes through insertLinks, and
// every edit through updateLink, so a link's tags and its audit event are written the same way, in
// the same transaction as the link, and its events say the same things whoever wrote it.
import type { NeonQueryFunction } from "@neondatabase/serverless";
import { eq, getTableColumns, Param, Placeholder, type SQL, sql } from "drizzle-orm";
import type { Database, TransactionalDatabase } from "../../../db/client";
import { events, LINK_IDENTITY_INDEX, type NewUrlRow, type UrlRow, urls } from "../../../db/schema";
import type { Actor } from "../../domain/audit-actor";
import { linkKey } from "../../domain/link-key";
import { VALIDITY_WINDOW_MESSAGE } from "../../domain/link-state";
import { generateShortCode, RESERVED_SHORT_CODES } from "../../domain/short-code";
import { AppError, badRequest, conflict, notFound } from "../../lib/errors";
import {
  findPostgresError,
  PG_CHECK_VIOLATION,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
} from "../../lib/postgres-errors";
import { serializeDetails } from "../events/record-event";
import { UNCHECKED_HEALTH } from "../link-health/store-health";
import { jsonParameter, setLinkTagStatements, TAG_NAMES } from "../tags/link-tags";
import { type LinkSettings, settingsDetails } from "./link-settings";

/** A link's custom domain's hostname, or null on the default domain. */
const DOMAIN_HOSTNAME = sql<string | null>`(SELECT d.hostname FROM domains d WHERE d.id = "urls"."domain_id")`;

/** The columns a link is answered from: the row, its tag names and its domain's hostname. */
export const LINK_COLUMNS = { ...getTableColumns(urls), tags: TAG_NAMES, domain: DOMAIN_HOSTNAME };

/** A stored link: its row, its tag names (sorted without case) and its domain, what the serialisers take. */
export type LinkRow = UrlRow & { tags: string[]; domain: string | null };

/** A link's domain as a write names it: its id and hostname; null is the default domain. */
export interface LinkDomain {
  id: number;
  hostname: string;
}

/**
 * A link to write. The settings are kept apart because the audit event records exactly those that
 * were given (undefined: not given); `id`, the times and `importedClicks` come only from imports.
 */
export type NewLink = Pick<NewUrlRow, "shortCode" | "originalUrl" | "title" | "userId"> &
  Partial<Pick<NewUrlRow, "id" | "isActive" | "createdAt" | "updatedAt" | "importedClicks">> & {
    /** The workspace it belongs to; undefined: its maker's personal one (the operator's without a maker). */
    workspaceId?: number | undefined;
    /** One of that workspace's domains; null or undefined: the default domain. */
    domain?: LinkDomain | null | undefined;
    settings: LinkSettings;
    /** Tag names (distinct, validated): the owner's tags, created when new. */
    tags: readonly string[];
  };

/** What the "created" event names as the writer: the API, the bulk import, or an import from another shortener. */
export type LinkOrigin = "api" | "bulk_import" | `import:${string}`;

/** A link event's actor columns (who acted: a person, a key, the operator), as SQL values. */
const actorValues = (actor: Actor) => sql`${actor.kind}::varchar, ${actor.keyId}::integer`;

/** The import's one interactive transaction on the WebSocket pool. */
export type LinkTransaction = Parameters<Parameters<TransactionalDatabase["transaction"]>[0]>[0];

/** What a link's "created" event says, whoever wrote it. Of a password only that it was set. */
function createdDetails(link: NewLink, origin: LinkOrigin): string | null {
  return serializeDetails({
    short_code: link.shortCode,
    ...(link.domain ? { domain: link.domain.hostname } : {}),
    original_url: link.originalUrl,
    source: origin,
    ...settingsDetails(link.settings),
    ...((link.importedClicks ?? 0) > 0 ? { imported_clicks: link.importedClicks } : {}),
    ...(link.tags.length > 0 ? { tags: link.tags } : {}),
  });
}

const columnsOf = ({ settings, tags: _, domain, ...link }: NewLink): NewUrlRow => ({
  ...settings,
  ...link,
  ...(domain ? { domainId: domain.id } : {}),
});

/** The domain ids of these links (0: the default domain), as the identity index counts them. */
const domainNumber = (link: NewLink) => link.domain?.id ?? 0;

/** A written row with what the INSERT does not answer: its tags (given) and its domain's hostname. */
function answered(row: UrlRow, links: readonly NewLink[], tags: string[] = []): LinkRow {
  const domain =
    row.domainId === null ? null : (links.find((link) => link.domain?.id === row.domainId)?.domain ?? null);
  return { ...row, tags, domain: domain?.hostname ?? null };
}

/**
 * The statements that follow the links' INSERT: the owners' missing tags, the links' tags, then the
 * "created" events (after the tags, so a link.created webhook carries them). The links are named by
 * their short codes, which only the links just inserted hold.
 */
function followingStatements(links: readonly NewLink[], origin: LinkOrigin, actor: Actor): SQL[] {
  const statements: SQL[] = [];
  const tagged = links.filter((link) => link.tags.length > 0);
  if (tagged.length > 0) {
    const named = tagged.map((link) => ({ domain: domainNumber(link), code: link.shortCode, names: link.tags }));
    const rows = sql`jsonb_to_recordset(${jsonParameter(named)})
      AS r(domain integer, code text, names jsonb) CROSS JOIN LATERAL jsonb_array_elements_text(r.names) AS n
      JOIN urls u ON coalesce(u.domain_id, 0) = r.domain AND u.short_code = r.code`;
    // The link's workspace's tags; a new one records the link's maker.
    statements.push(sql`INSERT INTO tags (user_id, workspace_id, name) SELECT u.user_id, u.workspace_id, n FROM ${rows}
      ON CONFLICT DO NOTHING`);
    statements.push(sql`INSERT INTO url_tags (url_id, tag_id)
      SELECT u.id, t.id FROM ${rows}
      JOIN tags t ON t.workspace_id = u.workspace_id AND lower(t.name) = lower(n)
      ON CONFLICT DO NOTHING`);
  }
  const created = links.map((link, ord) => ({
    ord,
    domain: domainNumber(link),
    code: link.shortCode,
    details: createdDetails(link, origin),
  }));
  statements.push(sql`INSERT INTO ${events} (url_id, user_id, actor_kind, actor_key_id, event_type, details)
    SELECT u.id, u.user_id, ${actorValues(actor)}, 'created', r.details
    FROM jsonb_to_recordset(${jsonParameter(created)}) AS r(ord integer, domain integer, code text, details text)
    JOIN urls u ON coalesce(u.domain_id, 0) = r.domain AND u.short_code = r.code
    ORDER BY r.ord`);
  return statements;
}

const isHttp = (db: Database | LinkTransaction): db is Database => "batch" in db;

/**
 * A link without tags over HTTP (POST /urls, /shorten): the link and its event in one statement, whose
 * SQL is built once per client and per set of columns given. Building the INSERT with drizzle on every
 * request was an eighth of a creation's CPU (`npm run bench -- --profile create_url`), and one
 * statement is one round trip that the server runs without a BEGIN and a COMMIT around it.
 */
interface PreparedCreate {
  text: string;
  params: unknown[];
  mapRows: (result: unknown) => UrlRow[];
}

const preparedCreates = new WeakMap<Database, Map<string, PreparedCreate>>();

function preparedCreate(db: Database, columns: readonly string[]): PreparedCreate {
  let shapes = preparedCreates.get(db);
  if (!shapes) {
    shapes = new Map();
    preparedCreates.set(db, shapes);
  }
  const shape = columns.join(",");
  let prepared = shapes.get(shape);
  if (!prepared) {
    // Every shape has a code and a destination: the rest are named as given.
    const placeholders = Object.fromEntries(columns.map((column) => [column, sql.placeholder(column)])) as Record<
      "shortCode" | "originalUrl",
      Placeholder
    >;
    const insert = db.insert(urls).values(placeholders).returning().prepare("link_create");
    const query = insert.getQuery();
    const [details, actorKind, actorKeyId] = [1, 2, 3].map((n) => `$${query.params.length + n}`);
    prepared = {
      // The event reads the new row's id and owner from the INSERT's answer; the outer SELECT answers
      // the row with the columns in the INSERT's RETURNING order, which the mapping expects.
      text: `WITH link AS (${query.sql}),
        logged AS (INSERT INTO events (url_id, user_id, actor_kind, actor_key_id, event_type, details)
          SELECT id, user_id, ${actorKind}::varchar, ${actorKeyId}::integer, 'created', ${details} FROM link)
        SELECT * FROM link`,
      params: query.params,
      mapRows: (result) => insert.mapResult(result) as UrlRow[],
    };
    shapes.set(shape, prepared);
  }
  return prepared;
}

/** The prepared parameters with this link's values, mapped as drizzle maps them (null stays NULL). */
function fillParameters(params: readonly unknown[], values: Record<string, unknown>): unknown[] {
  return params.map((param) => {
    if (param instanceof Param && param.value instanceof Placeholder) {
      const value = values[param.value.name];
      return value === null ? null : param.encoder.mapToDriverValue(value);
    }
    return param instanceof Placeholder ? values[param.name] : param;
  });
}

async function insertUntaggedLink(db: Database, link: NewLink, origin: LinkOrigin, actor: Actor): Promise<LinkRow> {
  const values = columnsOf(link) as Record<string, unknown>;
  const columns = Object.keys(values).filter((column) => values[column] !== undefined);
  const prepared = preparedCreate(db, columns);
  const params = [...fillParameters(prepared.params, values), createdDetails(link, origin), actor.kind, actor.keyId];
  // drizzle() answers the client as $client, but the Database type does not name it.
  const client = (db as Database & { $client: NeonQueryFunction<false, false> }).$client;
  const result = await client.query(prepared.text, params, { arrayMode: true, fullResults: true });
  const [row] = prepared.mapRows(result);
  if (!row) throw new Error("url insert returned no row");
  return answered(row, [link]);
}

/**
 * Writes links, then their tags, then their "created" events, in one transaction, and answers the
 * links written, in order. Over HTTP it is one round trip (one statement for a single link without
 * tags, else one batch) and all or nothing: a taken code or an unknown owner fails it whole, and the
 * caller maps the error. Inside an import's transaction a link whose code (or id) is taken is skipped,
 * and the others go on.
 */
export async function insertLinks(
  db: Database | LinkTransaction,
  links: readonly NewLink[],
  origin: LinkOrigin,
  actor: Actor,
): Promise<LinkRow[]> {
  if (links.length === 0) return [];
  const tagged = links.some((link) => link.tags.length > 0);
  if (isHttp(db)) {
    const [only] = links;
    if (links.length === 1 && only && !tagged) return [await insertUntaggedLink(db, only, origin, actor)];
    const insert = db.insert(urls).values(links.map(columnsOf)).returning();
    const following = followingStatements(links, origin, actor).map((statement) => db.execute(statement));
    if (!tagged) {
      const [rows] = await db.batch([insert, ...following]);
      return rows.map((row) => answered(row, links));
    }
    const keys = links.map((link) => linkKey(link.domain?.id ?? null, link.shortCode));
    const named = links.map((link) => ({ domain: domainNumber(link), code: link.shortCode }));
    const readBack = db
      .select(LINK_COLUMNS)
      .from(urls)
      .where(
        sql`(coalesce(${urls.domainId}, 0), ${urls.shortCode}) IN
          (SELECT r.domain, r.code FROM jsonb_to_recordset(${jsonParameter(named)}) AS r(domain integer, code text))`,
      );
    const results = await db.batch([insert, ...following, readBack]);
    const byKey = new Map(
      (results[results.length - 1] as LinkRow[]).map((row) => [linkKey(row.domainId, row.shortCode), row]),
    );
    return keys.flatMap((key) => byKey.get(key) ?? []);
  }
  const inserted = await db.insert(urls).values(links.map(columnsOf)).onConflictDoNothing().returning();
  // Two links of one write with the same (domain, code): the first went in.
  const written = new Set(inserted.map((row) => linkKey(row.domainId, row.shortCode)));
  const firsts = links.filter((link) => written.delete(linkKey(link.domain?.id ?? null, link.shortCode)));
  for (const statement of followingStatements(firsts, origin, actor)) await db.execute(statement);
  if (!tagged) return inserted.map((row) => answered(row, links));
  const tags = await db
    .select({ id: urls.id, tags: TAG_NAMES })
    .from(urls)
    .where(
      sql`${urls.id} IN (SELECT jsonb_array_elements_text(${jsonParameter(inserted.map((row) => row.id))})::integer)`,
    );
  const tagsById = new Map(tags.map((row) => [row.id, row.tags]));
  return inserted.map((row) => answered(row, links, tagsById.get(row.id) ?? []));
}

/** The 409 of a code taken on the domain a link was to be written on (the seed's words on the default one). */
export const codeTakenMessage = (domain: LinkDomain | null) =>
  domain === null ? "short_code already exists" : `short_code already exists on ${domain.hostname}`;

// 62^6 codes: a collision needs a nearly full namespace; five misses in a row means trouble.
const MAX_GENERATION_ATTEMPTS = 5;

/** A chosen code that is one of the service's own paths: refused with POST /urls's words. */
export function assertCodeNotReserved(code: string): void {
  if (RESERVED_SHORT_CODES.has(code.toLowerCase())) throw badRequest(`short_code "${code}" is reserved`);
}

/**
 * One link from the API (POST /urls, /shorten): its code as the client chose it, or drawn from the
 * CSPRNG (again, when a drawn code is taken). The constraints do the checking: an unknown owner fails
 * the foreign key (400), a chosen code that is taken the unique index (409).
 */
export async function insertApiLink(
  db: Database,
  link: Omit<NewLink, "shortCode"> & { shortCode?: string | undefined },
  actor: Actor,
): Promise<LinkRow> {
  if (link.shortCode !== undefined) assertCodeNotReserved(link.shortCode);
  for (let attempt = 0; attempt < MAX_GENERATION_ATTEMPTS; attempt++) {
    const shortCode = link.shortCode ?? generateShortCode();
    try {
      const [row] = await insertLinks(db, [{ ...link, shortCode }], "api", actor);
      if (!row) throw new Error("url insert returned no row");
      return row;
    } catch (error) {
      const pgError = findPostgresError(error);
      if (pgError?.code === PG_FOREIGN_KEY_VIOLATION && (link.userId ?? null) !== null) {
        throw badRequest(`user_id ${link.userId} does not exist`);
      }
      if (pgError?.code !== PG_UNIQUE_VIOLATION || pgError.constraint !== LINK_IDENTITY_INDEX) throw error;
      if (link.shortCode !== undefined) throw conflict(codeTakenMessage(link.domain ?? null));
    }
  }
  throw new AppError("INTERNAL", "could not generate unique short code");
}

/** A link's changes: its settings, and undefined leaves a field as it is. */
export interface LinkChanges extends LinkSettings {
  originalUrl?: string | undefined;
  title?: string | null | undefined;
  isActive?: boolean | undefined;
  /** The link's tags from now on (replacing them all); undefined leaves them. */
  tags?: readonly string[] | undefined;
  /** The domain it moves to (null: the default one); undefined leaves it. Its code must be free there. */
  domain?: LinkDomain | null | undefined;
}

/** What a link's "updated" event says: the fields set (a password only as set or removed), and when. */
function updatedDetails(changes: LinkChanges, updatedAt: Date): Record<string, unknown> {
  const { tags, domain, ...columns } = changes;
  const details: Record<string, unknown> = {};
  if (changes.originalUrl !== undefined) details.original_url = changes.originalUrl;
  if (changes.title !== undefined) details.title = changes.title;
  if (changes.isActive !== undefined) details.is_active = changes.isActive;
  Object.assign(details, settingsDetails(columns));
  if (tags !== undefined) details.tags = tags;
  if (domain !== undefined) details.domain = domain?.hostname ?? null;
  details.updated_at = updatedAt.toISOString();
  return details;
}

/**
 * Applies the changes and writes the "updated" audit event as one batch (one round trip, one
 * transaction). actorId is who made the change (the seed's body user_id): recorded on the event,
 * never moved onto the link. The event's foreign keys answer for both ids: no such link fails
 * events.url_id (404), no such actor events.user_id (400), and the update is rolled back with it.
 * New tags are the link's workspace's; they are set before the update, whose answer reads them back.
 */
export async function updateLink(
  db: Database,
  id: number,
  changes: LinkChanges,
  actorId: number | null,
  actor: Actor,
): Promise<LinkRow> {
  const { tags, domain, ...columns } = changes;
  // The worker's clock, so the event can say when without reading the row back first.
  const updatedAt = new Date();
  try {
    const update = db
      .update(urls)
      .set({
        ...columns,
        ...(domain === undefined ? {} : { domainId: domain?.id ?? null }),
        updatedAt,
        // A new or removed password revokes every unlock cookie given for the old one.
        ...(changes.passwordHash === undefined ? {} : { passwordVersion: sql`${urls.passwordVersion} + 1` }),
        // A new destination has not been checked: its health starts over, due now.
        ...(changes.originalUrl === undefined ? {} : UNCHECKED_HEALTH),
      })
      .where(eq(urls.id, id))
      .returning(LINK_COLUMNS);
    const event = db.insert(events).values({
      urlId: id,
      userId: actorId,
      actorKind: actor.kind,
      actorKeyId: actor.keyId,
      eventType: "updated",
      details: serializeDetails(updatedDetails(changes, updatedAt)),
    });
    const [row] =
      tags === undefined
        ? (await db.batch([update, event]))[0]
        : (await db.batch([...setLinkTagStatements(db, sql`${id}::integer`, tags), update, event]))[3];
    if (!row) throw notFound("url not found");
    return row;
  } catch (error) {
    const pgError = findPostgresError(error);
    // The link's other end of the window is already stored: the constraint compares the two.
    if (pgError?.code === PG_CHECK_VIOLATION && pgError.constraint === "urls_validity_window_check") {
      throw badRequest(VALIDITY_WINDOW_MESSAGE);
    }
    // Moved to a domain where its code is taken.
    if (pgError?.code === PG_UNIQUE_VIOLATION && pgError.constraint === LINK_IDENTITY_INDEX) {
      throw conflict(codeTakenMessage(domain ?? null));
    }
    if (pgError?.code !== PG_FOREIGN_KEY_VIOLATION) throw error;
    if (pgError.constraint === "events_user_id_users_id_fk") throw badRequest(`user_id ${actorId} does not exist`);
    throw notFound("url not found");
  }
}

/**
 * The "updated" event of each link a tag change reached (rename, merge, delete), with its tags as they
 * now are and its updated_at: what updateLink's event says of a change of tags.
 */
export async function insertTagUpdatedEvents(tx: TransactionalDatabase, urlIds: number[], actor: Actor): Promise<void> {
  if (urlIds.length === 0) return;
  await tx.execute(sql`INSERT INTO events (url_id, user_id, actor_kind, actor_key_id, event_type, details)
    SELECT u.id, ${actor.userId}::integer, ${actorValues(actor)}, 'updated',
           json_build_object('tags', linkscope_tag_names(u.id), 'updated_at', linkscope_iso(u.updated_at))::text
    FROM urls u WHERE u.id IN (SELECT jsonb_array_elements_text(${jsonParameter(urlIds)})::integer)
    ORDER BY u.id`);
}

/**
 * Returns the link's cache key (linkKey). Soft delete: the link stops redirecting, its row and history stay.
 * One statement, so one round trip and atomic by itself: the row is locked, switched off only if it
 * was on, and only then is the "deleted" event written (deleting an inactive link changes nothing).
 */
export async function deactivateLink(db: Database, id: number, actor: Actor): Promise<string> {
  const result = await db.execute<{ short_code: string; domain_id: number | null }>(sql`
    WITH current AS (SELECT id, short_code, domain_id, is_active FROM urls WHERE id = ${id} FOR UPDATE),
    changed AS (
      UPDATE urls SET is_active = false, updated_at = now()
      FROM current WHERE urls.id = current.id AND current.is_active
      RETURNING urls.id, urls.short_code
    ),
    logged AS (
      INSERT INTO events (url_id, user_id, actor_kind, actor_key_id, event_type, details)
      SELECT id, NULL, ${actorValues(actor)}, 'deleted', '{"short_code":' || to_json(short_code)::text || '}' FROM changed
    )
    SELECT short_code, domain_id FROM current`);
  const [current] = result.rows;
  if (!current) throw notFound("url not found");
  return linkKey(current.domain_id, current.short_code);
}

/** The link with its tags, or a 404. */
export async function getLinkOrThrow(db: Database, id: number): Promise<LinkRow> {
  const [row] = await db.select(LINK_COLUMNS).from(urls).where(eq(urls.id, id)).limit(1);
  if (!row) throw notFound("url not found");
  return row;
}
