// The domains an import from another shortener writes on. A row's domain column (Shlink's `domain`,
// Bitly's `domain`, our own export's) names the workspace's custom domain of that hostname when it
// has claimed it, and one of the service's own hosts the default domain. An empty cell (or no
// column) is the default domain in our own export (which writes it empty there), and the workspace's
// default domain from other sources, as for POST /urls. Any other name (bit.ly, another shortener's
// own) is the workspace's default domain too, and the row says so in a warning.
import { eq } from "drizzle-orm";
import type { Database } from "../../../db/client";
import { domains } from "../../../db/schema";
import type { LinkDomain } from "../urls/link-store";
import { defaultDomainOf } from "./link-domains";

export interface ImportDomains {
  /** The domain a row is written on. */
  of(name: string | undefined): LinkDomain | null;

  /** The row's warning when its domain is not one of the workspace's. */
  warningFor(name: string | undefined): string | undefined;
}

export async function importDomains(
  db: Database,
  workspaceId: number,
  ownHosts: readonly string[],
  emptyMeansDefaultDomain: boolean,
): Promise<ImportDomains> {
  const rows = await db
    .select({ id: domains.id, hostname: domains.hostname })
    .from(domains)
    .where(eq(domains.workspaceId, workspaceId));
  const byName = new Map(rows.map((row) => [row.hostname, row]));
  const fallback = await defaultDomainOf(db, workspaceId);
  const foreign = (name: string | undefined) => name !== undefined && !byName.has(name) && !ownHosts.includes(name);
  return {
    of: (name) => {
      if (name === undefined) return emptyMeansDefaultDomain ? null : fallback;
      if (ownHosts.includes(name)) return null;
      return byName.get(name) ?? fallback;
    },
    warningFor: (name) =>
      foreign(name)
        ? `domain "${name}" is not one of this workspace's domains: imported on ${fallback?.hostname ?? "the service's own hosts"}`
        : undefined,
  };
}
