// Which domain a link is written on. A write names one of its workspace's domains by hostname, null
// (or one of the service's own hosts) for the default domain, or nothing: then a new link takes its
// workspace's default domain. That default is cached per isolate, so making a link costs no extra round
// trip in the steady state; a change of default takes effect at once in the isolate that made it, and
// within DEFAULT_DOMAIN_CACHE_MS everywhere else.
import { and, eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { domains } from "../../../db/schema";
import { IsolateCache } from "../../cache/isolate-cache";
import { badRequest } from "../../lib/errors";
import type { LinkDomain } from "../urls/link-store";

export const DEFAULT_DOMAIN_CACHE_MS = 30_000;
const defaults = new IsolateCache<LinkDomain | null>(5_000);

/** The workspace's default domain for new links, or null (the service's own hosts). */
export async function defaultDomainOf(db: Database, workspaceId: number): Promise<LinkDomain | null> {
  const key = String(workspaceId);
  const cached = defaults.get(key);
  if (cached !== undefined) return cached;
  const [row] = await db
    .select({ id: domains.id, hostname: domains.hostname })
    .from(domains)
    .where(and(eq(domains.workspaceId, workspaceId), eq(domains.isDefault, true)))
    .limit(1);
  const domain = row ?? null;
  defaults.set(key, domain, DEFAULT_DOMAIN_CACHE_MS);
  return domain;
}

/** Called by every write that may change a workspace's default (a domain made, edited or deleted). */
export function forgetDefaultDomain(workspaceId: number): void {
  defaults.delete(String(workspaceId));
}

/**
 * The domain a write names: null for the default domain (null, or one of `ownHosts`), else the
 * workspace's domain of that hostname (in any state: links can be ready before the DNS is), else a 400.
 * `workspaceId` undefined (the operator acting in every workspace): any domain, and the link's
 * workspace must then be the domain's (the database's foreign key holds it to that).
 */
export async function namedLinkDomain(
  db: Database,
  workspaceId: number | undefined,
  hostname: string | null,
  ownHosts: readonly string[],
): Promise<LinkDomain | null> {
  if (hostname === null || ownHosts.includes(hostname)) return null;
  const [row] = await db
    .select({ id: domains.id, hostname: domains.hostname })
    .from(domains)
    .where(
      workspaceId === undefined
        ? eq(domains.hostname, hostname)
        : and(eq(domains.hostname, hostname), eq(domains.workspaceId, workspaceId)),
    )
    .limit(1);
  if (!row) throw badRequest(`domain "${hostname}" is not one of this workspace's domains`);
  return row;
}
