// What a redirect needs to know of a custom domain: which one it is, and where its root, its unknown
// codes and its expired links send people. Cached like link records (in the isolate and in Redis),
// so a custom domain's cached redirect costs what the default domain's does.
import { parseJsonObject } from "../lib/json-object.ts";
import { isValidDestination } from "./destination.ts";

export interface DomainSite {
  id: number;
  rootRedirect: string | null;
  notFoundRedirect: string | null;
  expiredUrl: string | null;
}

const isOptionalDestination = (value: unknown) =>
  value === null || (typeof value === "string" && isValidDestination(value));

/** A site read back from Redis, checked field by field; undefined for anything else (a miss). */
export function parseDomainSite(text: string): DomainSite | undefined {
  const site = parseJsonObject(text) as Record<keyof DomainSite, unknown> | undefined;
  if (site === undefined) return undefined;
  if (!Number.isInteger(site.id) || (site.id as number) <= 0) return undefined;
  if (![site.rootRedirect, site.notFoundRedirect, site.expiredUrl].every(isOptionalDestination)) return undefined;
  return {
    id: site.id as number,
    rootRedirect: site.rootRedirect as string | null,
    notFoundRedirect: site.notFoundRedirect as string | null,
    expiredUrl: site.expiredUrl as string | null,
  };
}
