import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { urls } from "../../../db/schema";
import { serialisedDestination } from "../../domain/destination";
import { LINK_RECORD_VERSION, type LinkRecord } from "../../domain/link-record";
import { epochMs } from "../../lib/time";
import type { LinkRow } from "./link-store";

// The redirect's one query, built once per client (clients live as long as the isolate): building
// it per request was a sixth of a redirect from Postgres' CPU.
const prepared = new WeakMap<Database, ReturnType<typeof prepare>>();

const RECORD_COLUMNS = {
  id: urls.id,
  originalUrl: urls.originalUrl,
  validSince: urls.validSince,
  expiresAt: urls.expiresAt,
  maxClicks: urls.maxClicks,
  clicksUsed: urls.clicksUsed,
  expiredUrl: urls.expiredUrl,
  fallbackUrl: urls.fallbackUrl,
  queryForwarding: urls.queryForwarding,
  utm: urls.utm,
  rules: urls.rules,
  passwordVersion: urls.passwordVersion,
  // Whether there is a password, never the hash: the caches keep this record.
  passwordProtected: sql<boolean>`${urls.passwordHash} IS NOT NULL`,
  // Only whether it is broken: the other health states change nothing a redirect does.
  destinationBroken: sql<boolean>`${urls.healthState} = 'broken'`,
};

type ComputedColumns = "passwordProtected" | "destinationBroken";
/** What a cached record is built from: the stored link's columns the redirect needs, and two facts computed in SQL. */
type RecordColumns = Pick<LinkRow, Exclude<keyof typeof RECORD_COLUMNS, ComputedColumns>> &
  Record<ComputedColumns, boolean>;

function prepare(db: Database) {
  return db
    .select(RECORD_COLUMNS)
    .from(urls)
    .where(
      and(
        // The identity index's own expression, so the lookup is one index probe.
        sql`coalesce(${urls.domainId}, 0) = ${sql.placeholder("domain")}`,
        eq(urls.shortCode, sql.placeholder("shortCode")),
        eq(urls.isActive, true),
      ),
    )
    .limit(1)
    .prepare("find_link_record");
}

/**
 * The cached form of a link. Destinations are serialised once here, before any tier keeps them;
 * a row whose destination is no http(s) URL at all (written before the rules) is treated as absent.
 */
export function toLinkRecord(row: RecordColumns): LinkRecord | null {
  const destination = serialisedDestination(row.originalUrl);
  if (destination === null) return null;
  return {
    v: LINK_RECORD_VERSION,
    id: row.id,
    destination,
    validSince: epochMs(row.validSince),
    expiresAt: epochMs(row.expiresAt),
    maxClicks: row.maxClicks,
    clicksUsed: row.clicksUsed,
    expiredUrl: row.expiredUrl === null ? null : serialisedDestination(row.expiredUrl),
    destinationBroken: row.destinationBroken,
    fallbackUrl: row.fallbackUrl === null ? null : serialisedDestination(row.fallbackUrl),
    forwarding: row.queryForwarding,
    utm: row.utm,
    rules: row.rules,
    password: row.passwordProtected ? row.passwordVersion : null,
  };
}

/** The record of an active link, (domain, code) (null: the default domain), or null. One indexed query. */
export async function findLinkRecord(
  db: Database,
  domainId: number | null,
  shortCode: string,
): Promise<LinkRecord | null> {
  let query = prepared.get(db);
  if (!query) {
    query = prepare(db);
    prepared.set(db, query);
  }
  const [row] = await query.execute({ domain: domainId ?? 0, shortCode });
  return row === undefined ? null : toLinkRecord(row);
}
