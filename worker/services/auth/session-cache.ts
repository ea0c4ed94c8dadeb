// Live sessions by secret hash, cached per isolate like API keys: a steady-state request with a session
// costs no round trip. A revocation takes effect at once in the isolate that made it, and within
// SESSION_CACHE_MS everywhere else (the same bound as a revoked key).
import type { Database } from "../../../db/client";
import { lastUsedWriteDue } from "./last-used";
import { findLiveSession, touchSession } from "./session-store";

export const SESSION_CACHE_MS = 30_000;
const SESSION_CACHE_MAX = 1_000;

export interface LiveSession {
  sessionId: number;
  userId: number;
  /** The person's personal workspace: where their requests act unless they name another. */
  personalWorkspaceId: number;
  /** When this isolate last read the row (the cache's clock). */
  at: number;
  /** When this isolate last moved the session's idle expiry forward. */
  touchedAt: number;
  /** The absolute expiry: a cached session is never used past it. */
  expiresAt: number;
}

const cache = new Map<string, LiveSession>();

/** The live session with this secret hash (cached), or undefined. */
export async function lookupSession(database: () => Database, hash: string, idleHours: number) {
  const now = Date.now();
  const cached = cache.get(hash);
  if (cached && now - cached.at < SESSION_CACHE_MS && now < cached.expiresAt) return cached;
  const row = await findLiveSession(database(), hash, idleHours);
  if (!row) {
    cache.delete(hash);
    return undefined;
  }
  const entry: LiveSession = {
    sessionId: row.id,
    userId: row.userId,
    personalWorkspaceId: row.personalWorkspaceId,
    at: now,
    touchedAt: cached?.touchedAt ?? row.lastSeenAt.getTime(),
    expiresAt: row.expiresAt.getTime(),
  };
  if (cache.size >= SESSION_CACHE_MAX) cache.clear();
  cache.set(hash, entry);
  return entry;
}

/** The idle-expiry write this use of the session needs, if a minute has passed since the last one. */
export function touchIfDue(session: LiveSession, database: () => Database): (() => Promise<void>) | undefined {
  return lastUsedWriteDue(session) ? () => touchSession(database(), session.sessionId) : undefined;
}

/** Forgets revoked sessions in this isolate (they stop working here at once). */
export function forgetSessions(hashes: string[]): void {
  for (const hash of hashes) cache.delete(hash);
}
