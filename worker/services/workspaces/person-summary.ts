// What a page's top bar says of a signed-in person: their address and their workspaces with roles.
// Cached per isolate like their roles (membership-cache.ts), so a web app page costs no round trip for
// it in the steady state: a change of membership made here is seen at once, elsewhere within
// PERSON_SUMMARY_CACHE_MS (a renamed workspace or a changed address too).
import type { Database } from "../../../db/client";
import { IsolateCache } from "../../cache/isolate-cache";
import type { WorkspaceRole } from "../../domain/workspace-roles";
import { getUserOrThrow } from "../users/get-user";
import { listMemberships } from "./workspace-store";

export const PERSON_SUMMARY_CACHE_MS = 30_000;

export interface PersonSummary {
  email: string;
  workspaces: { id: number; name: string; role: WorkspaceRole }[];
}

const summaries = new IsolateCache<PersonSummary>(5_000);

export async function personSummary(database: () => Database, userId: number): Promise<PersonSummary> {
  const key = String(userId);
  const cached = summaries.get(key);
  if (cached) return cached;
  const [user, memberships] = await Promise.all([
    getUserOrThrow(database(), userId),
    listMemberships(database(), userId),
  ]);
  const summary = { email: user.email, workspaces: memberships.map(({ id, name, role }) => ({ id, name, role })) };
  summaries.set(key, summary, PERSON_SUMMARY_CACHE_MS);
  return summary;
}

/** Called where a membership changes (with forgetMembership). */
export function forgetPersonSummary(userId: number): void {
  summaries.delete(String(userId));
}
