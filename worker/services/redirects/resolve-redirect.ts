// Looking a short code up for a redirect: the cache tiers, then Postgres, behind the unknown-code limit.
import type { Database } from "../../../db/client";
import { createCacheContext } from "../../cache/cache-context";
import { fromIsolateTier, startLinkLookup } from "../../cache/link-cache";
import type { Config } from "../../config/env";
import { linkKey } from "../../domain/link-key";
import type { LinkRecord } from "../../domain/link-record";
import { clientNetwork } from "../../lib/client-network";
import { clientIp, overLimit, stillLimited } from "../auth/rate-limits";
import { findLinkRecord } from "../urls/link-record-store";

export type CacheTier = "isolate" | "redis" | "database";

/**
 * The isolate tier alone, synchronously (the hot path's first look): the link's record, null for a
 * code known to be unknown, undefined when this isolate does not know the link (its key: link-key.ts).
 */
export const isolateAnswer = (key: string): LinkRecord | null | undefined => fromIsolateTier(key);

/** A link as a request names it: the domain its host is (null: the default domain) and the code. */
export interface LinkAddress {
  domainId: number | null;
  code: string;
}

export interface RedirectResolution {
  /** The link's record, or null for an unknown or inactive code. */
  record: LinkRecord | null;
  /** Where the answer came from; undefined when no tier knew and Postgres was not asked. */
  tier: CacheTier | undefined;
  /** Cache fills to run after the response has been built (in waitUntil). */
  fill?: () => Promise<void>;
}

/**
 * Looks up a code the synchronous isolate path did not answer: the isolate tier (a known-unknown
 * code, or a record the synchronous path left to this one), then Redis, then Postgres, unless
 * `mayQueryDatabase` says the caller has already been refused (then an uncached code is answered
 * as unknown without asking Postgres).
 */
export async function resolveRedirect(
  link: LinkAddress,
  config: Config,
  database: () => Database,
  mayQueryDatabase: () => boolean,
): Promise<RedirectResolution> {
  const key = linkKey(link.domainId, link.code);
  const local = fromIsolateTier(key);
  if (local !== undefined) return { record: local, tier: "isolate" };
  const links = createCacheContext(config).links;
  // Before any I/O: a write that forgets this link while the lookup is in flight wins over its answer.
  const startedAt = startLinkLookup();

  const shared = await links.fromRedis(key);
  if (shared !== undefined) {
    // A map write, no I/O: done now rather than scheduled after the response (a timer per hit).
    links.rememberInIsolate(key, shared, startedAt);
    return { record: shared, tier: "redis" };
  }
  if (!mayQueryDatabase()) return { record: null, tier: undefined };

  const record = await findLinkRecord(database(), link.domainId, link.code);
  return {
    record,
    tier: "database",
    fill: async () => {
      links.rememberInIsolate(key, record, startedAt);
      await links.fillRedis(key, record);
    },
  };
}

export interface CodeLookup extends RedirectResolution {
  /** The client is over its unknown-code limit: answer 429 (tooManyRequests("lookup")), nothing else. */
  limited: boolean;
}

/** The client the code-lookup limit counts: its IP, an IPv6 client by its /64. */
export const lookupClientOf = (request: Request): string => clientNetwork(clientIp(request));

/**
 * Every public lookup of a code (GET /{code}, POST /{code}/unlock) goes through here, so each pays
 * the same unknown-code limit: a client the limiter refused gets no Postgres round trip for a code
 * no cache knows (ADR 10), and an unknown code (from any tier) spends its budget. A known code
 * answered by a cache costs no limiter call.
 */
export async function lookUpCode(
  env: Env,
  link: LinkAddress,
  config: Config,
  database: () => Database,
  client: string,
): Promise<CodeLookup> {
  const resolution = await resolveRedirect(link, config, database, () => !stillLimited("lookup", "ip", client));
  const limited =
    resolution.record === null && (resolution.tier === undefined || (await overLimit(env, "lookup", "ip", client)));
  return { ...resolution, limited };
}
