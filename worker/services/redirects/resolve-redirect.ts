import type { Database } from "../../../db/client";
import { createCacheContext } from "../../cache/cache-context";
import { fromIsolateTier } from "../../cache/link-cache";
import type { Config } from "../../env";
import { serialisedDestination } from "../../lib/destination";
import { findActiveDestination } from "../urls/find-destination";

export type CacheTier = "isolate" | "redis" | "database";

/**
 * The isolate tier alone, synchronously (the hot path's first look): the destination, null for a
 * code known to be unknown, undefined when this isolate does not know the code.
 */
export const isolateAnswer = (code: string): string | null | undefined => fromIsolateTier(code);

export interface RedirectResolution {
  /** The destination, or null for an unknown or inactive code. */
  destination: string | null;
  /** Where the answer came from; undefined when no tier knew and Postgres was not asked. */
  tier: CacheTier | undefined;
  /** Cache fills to run after the response has been built (in waitUntil). */
  fill?: () => Promise<void>;
}

/**
 * Looks up a code the synchronous isolate path did not answer: a code this isolate knows to be
 * unknown (answered from memory: its lookups are rate limited, and a known-unknown code costs no
 * round trip), then Redis, then Postgres, unless `mayQueryDatabase` says the caller has already
 * been refused (then an uncached code is answered as unknown without asking Postgres).
 */
export async function resolveRedirect(
  code: string,
  config: Config,
  database: () => Database,
  mayQueryDatabase: () => boolean,
): Promise<RedirectResolution> {
  if (fromIsolateTier(code) === null) return { destination: null, tier: "isolate" };
  const links = createCacheContext(config).links;

  const shared = await links.fromRedis(code);
  if (shared !== undefined) {
    // A map write, no I/O: done now rather than scheduled after the response (a timer per hit).
    links.rememberInIsolate(code, shared);
    return { destination: shared, tier: "redis" };
  }
  if (!mayQueryDatabase()) return { destination: null, tier: undefined };

  // Serialised once here, before any tier keeps it: every answer sends what the parser read.
  const stored = await findActiveDestination(database(), code);
  const destination = stored === undefined ? null : serialisedDestination(stored);
  return {
    destination,
    tier: "database",
    fill: async () => {
      links.rememberInIsolate(code, destination);
      await links.fillRedis(code, destination);
    },
  };
}
