// A custom domain's app-association files, served from what its owners stored (validated on write,
// at most APP_FILE_MAX_BYTES): Apple's apple-app-site-association and Android's assetlinks.json, so
// apps can claim the short domain's links. These paths are public and unauthenticated: a path the
// domain stores nothing at is answered from its cached site with no read, and a stored file is read
// once per isolate per minute at most (kept under the site's version, so an edit is never served stale).
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { domains } from "../../../db/schema";
import { APP_FILE_PATHS, type AppFilePath, type DomainSite } from "../../domain/domain-site";

const COLUMNS = {
  "/.well-known/apple-app-site-association": domains.appleAppSiteAssociation,
  "/.well-known/assetlinks.json": domains.assetlinks,
} as const satisfies Record<AppFilePath, unknown>;

const FILE_TTL_MS = 60_000;
const FILE_CACHE_MAX_ENTRIES = 256;
const bodies = new Map<string, { body: string | null; until: number }>();

/** The file a path names, or undefined. */
export const appFileNamed = (path: string): AppFilePath | undefined =>
  (APP_FILE_PATHS as readonly string[]).includes(path) ? (path as AppFilePath) : undefined;

async function readAppFile(db: Database, domainId: number, file: AppFilePath): Promise<string | null> {
  const [row] = await db.select({ body: COLUMNS[file] }).from(domains).where(eq(domains.id, domainId)).limit(1);
  return row?.body === null || row?.body === undefined ? null : JSON.stringify(row.body);
}

/** The stored file as JSON text, or null when the domain has none (then without a read). */
export async function appFileOf(database: () => Database, site: DomainSite, file: AppFilePath): Promise<string | null> {
  if (!site.appFiles.includes(file)) return null;
  const key = `${site.id}:${site.version}:${file}`;
  const now = Date.now();
  const cached = bodies.get(key);
  if (cached !== undefined && cached.until > now) return cached.body;
  const body = await readAppFile(database(), site.id, file);
  // The oldest entry goes first when full (a Map keeps insertion order).
  if (bodies.size >= FILE_CACHE_MAX_ENTRIES) bodies.delete(bodies.keys().next().value as string);
  bodies.set(key, { body, until: now + FILE_TTL_MS });
  return body;
}
