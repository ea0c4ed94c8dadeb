// A person's role in a workspace they name (X-Workspace-Id), cached per isolate like sessions and
// keys: a steady-state request costs no round trip. A role changed or a member removed takes effect at
// once in the isolate that made the change, and within MEMBERSHIP_CACHE_MS everywhere else.
import type { Database } from "../../../db/client";
import type { WorkspaceRole } from "../../domain/workspace-roles";
import { forgetPersonSummary } from "./person-summary";
import { memberRole } from "./workspace-store";

export const MEMBERSHIP_CACHE_MS = 30_000;
const MEMBERSHIP_CACHE_MAX = 5_000;

interface CachedRole {
  role: WorkspaceRole | undefined;
  at: number;
}

const cache = new Map<string, CachedRole>();
const keyOf = (workspaceId: number, userId: number) => `${workspaceId}:${userId}`;

/** The user's role in the workspace (cached), or undefined when they are not a member. */
export async function cachedRole(
  database: () => Database,
  workspaceId: number,
  userId: number,
): Promise<WorkspaceRole | undefined> {
  const key = keyOf(workspaceId, userId);
  const now = Date.now();
  const cached = cache.get(key);
  if (cached && now - cached.at < MEMBERSHIP_CACHE_MS) return cached.role;
  const role = await memberRole(database(), workspaceId, userId);
  if (cache.size >= MEMBERSHIP_CACHE_MAX) cache.clear();
  cache.set(key, { role, at: now });
  return role;
}

/** Forgets a membership that changed here (it takes effect in this isolate at once). */
export function forgetMembership(workspaceId: number, userId: number): void {
  cache.delete(keyOf(workspaceId, userId));
  forgetPersonSummary(userId);
}
