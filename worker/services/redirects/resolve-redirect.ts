import type { Database } from "../../../db/client";
import type { LinkCache } from "../../cache/link-cache";
import { findActiveDestination } from "../urls/find-destination";

export type CacheTier = "isolate" | "redis" | "database";

export interface RedirectResolution {
  /** The destination, or null for an unknown or inactive code. */
  destination: string | null;
  tier: CacheTier;
  /** Cache fills to run after the response has been built (in waitUntil). */
  fill?: () => Promise<void>;
}

/**
 * Looks up a code the isolate tier did not know (serveRedirectFromIsolate checked it first):
 * Redis, then Postgres. Unknown codes are answered and cached the same way, as null.
 */
export async function resolveRedirect(
  code: string,
  links: LinkCache,
  database: () => Database,
): Promise<RedirectResolution> {
  const shared = await links.fromRedis(code);
  if (shared !== undefined) {
    return { destination: shared, tier: "redis", fill: async () => links.rememberInIsolate(code, shared) };
  }

  const destination = (await findActiveDestination(database(), code)) ?? null;
  return {
    destination,
    tier: "database",
    fill: async () => {
      links.rememberInIsolate(code, destination);
      await links.fillRedis(code, destination);
    },
  };
}
