// A custom domain's app-association files, served from what its owners stored (validated on write,
// at most APP_FILE_MAX_BYTES): Apple's apple-app-site-association and Android's assetlinks.json, so
// apps can claim the short domain's links.
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { domains } from "../../../db/schema";

const FILES = {
  "/.well-known/apple-app-site-association": domains.appleAppSiteAssociation,
  "/.well-known/assetlinks.json": domains.assetlinks,
} as const;

export type AppFileName = keyof typeof FILES;

/** The file a path names, or undefined. */
export const appFileNamed = (path: string): AppFileName | undefined =>
  Object.hasOwn(FILES, path) ? (path as AppFileName) : undefined;

/** The stored file as JSON text, or null when the domain has none. One read by primary key. */
export async function appFileOf(db: Database, domainId: number, file: AppFileName): Promise<string | null> {
  const [row] = await db.select({ body: FILES[file] }).from(domains).where(eq(domains.id, domainId)).limit(1);
  return row?.body === null || row?.body === undefined ? null : JSON.stringify(row.body);
}
