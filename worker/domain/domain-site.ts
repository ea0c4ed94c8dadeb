// What a redirect needs to know of a custom domain: which one it is, where its root, its unknown
// codes and its expired links send people, and which app files it serves. Cached like link records (in the isolate and in Redis),
// so a custom domain's cached redirect costs what the default domain's does.
import { parseJsonObject } from "../lib/json-object.ts";
import { isValidDestination } from "./destination.ts";

/** The app-association files a domain may serve, by their paths. */
export const APP_FILE_PATHS = ["/.well-known/apple-app-site-association", "/.well-known/assetlinks.json"] as const;
export type AppFilePath = (typeof APP_FILE_PATHS)[number];

export interface DomainSite {
  id: number;
  rootRedirect: string | null;
  notFoundRedirect: string | null;
  expiredUrl: string | null;
  /** The app files it stores: any other path is a 404 with no read. */
  appFiles: AppFilePath[];
  /** When its row last changed (ms): a cached file's body is kept under it, so an edit is never stale. */
  version: number;
}

const isOptionalDestination = (value: unknown) =>
  value === null || (typeof value === "string" && isValidDestination(value));

/** A site read back from Redis, checked field by field; undefined for anything else (a miss). */
export function parseDomainSite(text: string): DomainSite | undefined {
  const site = parseJsonObject(text) as Record<keyof DomainSite, unknown> | undefined;
  if (site === undefined) return undefined;
  if (!Number.isInteger(site.id) || (site.id as number) <= 0) return undefined;
  if (![site.rootRedirect, site.notFoundRedirect, site.expiredUrl].every(isOptionalDestination)) return undefined;
  const files = site.appFiles;
  if (!Array.isArray(files) || !files.every((path) => APP_FILE_PATHS.includes(path))) return undefined;
  if (!Number.isSafeInteger(site.version)) return undefined;
  return {
    id: site.id as number,
    rootRedirect: site.rootRedirect as string | null,
    notFoundRedirect: site.notFoundRedirect as string | null,
    expiredUrl: site.expiredUrl as string | null,
    appFiles: files as AppFilePath[],
    version: site.version as number,
  };
}
