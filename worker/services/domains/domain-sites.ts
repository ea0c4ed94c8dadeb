// The one read of a custom domain on the redirect path: the site a host serves, if any.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { domains } from "../../../db/schema";
import { serialisedDestination } from "../../domain/destination";
import { APP_FILE_PATHS, type AppFilePath, type DomainSite } from "../../domain/domain-site";
import { SERVING_STATES } from "../../domain/domain-states";

// Built once per client, as the link record's query is (link-record-store.ts).
const prepared = new WeakMap<Database, ReturnType<typeof prepare>>();

function prepare(db: Database) {
  return db
    .select({
      id: domains.id,
      rootRedirect: domains.rootRedirect,
      notFoundRedirect: domains.notFoundRedirect,
      expiredUrl: domains.expiredUrl,
      hasAppleFile: sql<boolean>`${domains.appleAppSiteAssociation} IS NOT NULL`,
      hasAndroidFile: sql<boolean>`${domains.assetlinks} IS NOT NULL`,
      updatedAt: domains.updatedAt,
    })
    .from(domains)
    .where(and(eq(domains.hostname, sql.placeholder("hostname")), inArray(domains.state, [...SERVING_STATES])))
    .limit(1)
    .prepare("find_domain_site");
}

const destination = (stored: string | null) => (stored === null ? null : serialisedDestination(stored));

/** The site of the domain serving `hostname` (lower case, no port), or null when none does. */
export async function findDomainSite(db: Database, hostname: string): Promise<DomainSite | null> {
  let query = prepared.get(db);
  if (!query) {
    query = prepare(db);
    prepared.set(db, query);
  }
  const [row] = await query.execute({ hostname });
  if (!row) return null;
  const stored: Record<AppFilePath, boolean> = {
    "/.well-known/apple-app-site-association": row.hasAppleFile,
    "/.well-known/assetlinks.json": row.hasAndroidFile,
  };
  return {
    id: row.id,
    rootRedirect: destination(row.rootRedirect),
    notFoundRedirect: destination(row.notFoundRedirect),
    expiredUrl: destination(row.expiredUrl),
    appFiles: APP_FILE_PATHS.filter((path) => stored[path] === true),
    version: new Date(row.updatedAt).getTime(),
  };
}
