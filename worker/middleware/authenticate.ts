// Who is calling the management API: the admin (ADMIN_API_KEY), a user (one of their API keys),
// or nobody. Keys are accepted only in "Authorization: Bearer <key>". With REQUIRE_API_KEYS=true
// (production) nobody gets a 401; otherwise anonymous calls keep the seed's open API.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv, Principal } from "../app-env";
import { AppError } from "../lib/errors";
import { digestsEqual, keyPrefix, secretsEqual, sha256Hex } from "../services/auth/api-key-format";
import { findActiveKey } from "../services/auth/api-keys";
import { clientIp, overLimit, stillLimited, tooManyRequests } from "../services/auth/rate-limits";

// Key rows seen recently, by prefix: a revoked key stops working within this time everywhere.
const KEY_CACHE_MS = 30_000;
const KEY_CACHE_MAX = 1_000;
const keyCache = new Map<string, { at: number; userId: number; keyId: number; hash: string }>();
// Prefixes with no active key, briefly: the same made-up key sent again costs no query.
const UNKNOWN_PREFIX_MS = 10_000;
const unknownPrefixes = new Map<string, number>();

const QUERY_KEY_NAMES = ["api_key", "apikey", "key", "token", "access_token"];

function unauthorized(message: string): AppError {
  return new AppError("UNAUTHORIZED", message, undefined, { "WWW-Authenticate": 'Bearer realm="linkscope"' });
}

function knownUnknown(prefix: string): boolean {
  const until = unknownPrefixes.get(prefix);
  if (until === undefined) return false;
  if (Date.now() < until) return true;
  unknownPrefixes.delete(prefix);
  return false;
}

async function lookupKey(c: Context<AppEnv>, prefix: string, ip: string) {
  const cached = keyCache.get(prefix);
  if (cached && Date.now() - cached.at < KEY_CACHE_MS) return cached;
  if (knownUnknown(prefix)) return undefined;
  // A client past its failed-authentication limit gets no database lookup for keys not cached.
  if (stillLimited("auth", "ip", ip)) throw tooManyRequests("auth");
  const row = await findActiveKey(c.var.database(), prefix);
  if (!row) {
    if (unknownPrefixes.size >= KEY_CACHE_MAX) unknownPrefixes.clear();
    unknownPrefixes.set(prefix, Date.now() + UNKNOWN_PREFIX_MS);
    return undefined;
  }
  const entry = { at: Date.now(), userId: row.userId, keyId: row.id, hash: row.keyHash };
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
  keyCache.set(prefix, entry);
  return entry;
}

/** Forgets cached key rows (after a revocation in this isolate). */
export function forgetCachedKey(prefix: string): void {
  keyCache.delete(prefix);
  unknownPrefixes.delete(prefix);
}

/** Forgets every cached key of a user (after the user is deleted in this isolate). */
export function forgetCachedKeysOf(userId: number): void {
  for (const [prefix, entry] of keyCache) if (entry.userId === userId) keyCache.delete(prefix);
}

/** A wrong key: counted against the client's failed-authentication limit, then a 401 (or 429). */
async function refuse(c: Context<AppEnv>, ip: string, message: string): Promise<never> {
  if (await overLimit(c.env, "auth", "ip", ip)) throw tooManyRequests("auth");
  throw unauthorized(message);
}

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  const url = new URL(c.req.url);
  for (const name of QUERY_KEY_NAMES) {
    if (url.searchParams.get(name)?.startsWith("lsk_")) {
      throw new AppError("BAD_REQUEST", "API keys are accepted only in the Authorization header, never in the URL");
    }
  }
  const header = c.req.header("Authorization");
  let principal: Principal = { kind: "anonymous" };
  if (header !== undefined) {
    const ip = clientIp(c.req.raw);
    const token = /^Bearer +(\S+)$/i.exec(header.trim())?.[1];
    if (!token) return refuse(c, ip, "malformed Authorization header: expected Bearer <API key>");
    const adminKey = c.var.config.ADMIN_API_KEY;
    if (adminKey && (await secretsEqual(token, adminKey))) {
      principal = { kind: "admin" };
    } else {
      const prefix = keyPrefix(token);
      const entry = prefix ? await lookupKey(c, prefix, ip) : undefined;
      if (!entry || !digestsEqual(await sha256Hex(token), entry.hash)) return refuse(c, ip, "invalid API key");
      principal = { kind: "user", userId: entry.userId, keyId: entry.keyId };
    }
  } else if (c.var.config.REQUIRE_API_KEYS) {
    throw unauthorized("an API key is required: send Authorization: Bearer <key>");
  }
  c.set("principal", principal);
  await next();
});
