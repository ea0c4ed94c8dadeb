// API key rows by prefix, cached per isolate: valid ones for 30 s (a revocation elsewhere takes
// effect within that), unknown prefixes for 10 s (the same made-up key sent again costs no query).
import type { Database } from "../../../db/client";
import type { Scope } from "../../domain/permissions";
import { findActiveKey, touchApiKey } from "./api-keys";
import { lastUsedWriteDue } from "./last-used";

// Key rows seen recently, by prefix: a revoked key stops working within this time everywhere.
const KEY_CACHE_MS = 30_000;
const KEY_CACHE_MAX = 1_000;
interface CachedKey {
  at: number;
  userId: number;
  keyId: number;
  workspaceId: number;
  hash: string;
  /** null: every scope. */
  scopes: Scope[] | null;
  /** When the key stops working (ms); a cached key is never used past it. */
  expiresAt: number | null;
  /** When this isolate last moved the key's last_used_at forward. */
  touchedAt: number;
}
const keyCache = new Map<string, CachedKey>();
// Prefixes with no active key, briefly: the same made-up key sent again costs no query.
const UNKNOWN_PREFIX_MS = 10_000;
const unknownPrefixes = new Map<string, number>();

function knownUnknown(prefix: string): boolean {
  const until = unknownPrefixes.get(prefix);
  if (until === undefined) return false;
  if (Date.now() < until) return true;
  unknownPrefixes.delete(prefix);
  return false;
}

/**
 * The active key with this prefix (cached), or undefined. A client past its failed-authentication
 * limit still gets the lookup (one indexed query) for a well-formed key: everyone behind its address
 * (a NAT, an office) would otherwise be locked out with it; a prefix with no key is remembered.
 */
export async function lookupKey(database: () => Database, prefix: string) {
  const cached = keyCache.get(prefix);
  if (cached && Date.now() - cached.at < KEY_CACHE_MS && (cached.expiresAt === null || Date.now() < cached.expiresAt)) {
    return cached;
  }
  if (knownUnknown(prefix)) return undefined;
  const row = await findActiveKey(database(), prefix);
  if (!row) {
    if (unknownPrefixes.size >= KEY_CACHE_MAX) unknownPrefixes.clear();
    unknownPrefixes.set(prefix, Date.now() + UNKNOWN_PREFIX_MS);
    return undefined;
  }
  const entry: CachedKey = {
    at: Date.now(),
    userId: row.userId,
    keyId: row.id,
    workspaceId: row.workspaceId,
    hash: row.keyHash,
    scopes: row.scopes,
    expiresAt: row.expiresAt?.getTime() ?? null,
    touchedAt: cached?.touchedAt ?? row.lastUsedAt?.getTime() ?? 0,
  };
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.clear();
  keyCache.set(prefix, entry);
  return entry;
}

/** The last_used_at write this use of the key needs, when a minute has passed since this isolate's last one. */
export function keyTouchIfDue(key: CachedKey, database: () => Database): (() => Promise<void>) | undefined {
  return lastUsedWriteDue(key) ? () => touchApiKey(database(), key.keyId) : undefined;
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
