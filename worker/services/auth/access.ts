// What the caller may touch. Links, tags, webhooks and events belong to a workspace: a key acts in its
// own, a person in the one they act in (middleware/authenticate.ts chooses it), and anything of
// another workspace answers 404, exactly as if it did not exist. A user's profile is its own user's
// only. Managing users and the CSV import needs the operator: the admin key, or no key at all while
// keys are optional, as in the seed.

import { forbidden, notFound } from "../../lib/errors";
import { actingUserId, isOperator, type ServiceContext } from "../service-context";
import { getLinkOrThrow } from "../urls/link-store";

/** What the checks read of a request: who calls, and its database. */
type Caller = Pick<ServiceContext, "principal" | "database">;

/** The user a request is confined to (for users' own profiles), or undefined for the operator. */
export function ownerScope(c: Caller): number | undefined {
  return actingUserId(c.principal);
}

/** The workspace a request is confined to, or undefined for the operator over every workspace. */
export function workspaceOf(c: Caller): number | undefined {
  return c.principal.workspaceId;
}

export function requireAdmin(c: Caller): void {
  if (!isOperator(c.principal)) throw forbidden("this needs the admin key");
}

/** A user's key may read only its own user; any other id is a 404. */
export function assertOwnUser(c: Caller, userId: number): void {
  const scope = ownerScope(c);
  if (scope !== undefined && scope !== userId) throw notFound("user not found");
}

/** Whether something of `workspaceId` is out of the caller's reach (then it is a 404). */
export function outOfReach(c: Caller, workspaceId: number): boolean {
  const scope = workspaceOf(c);
  return scope !== undefined && scope !== workspaceId;
}

/** The url, fetched once; a 404 for a url of another workspace. */
export async function getOwnedUrl(c: Caller, urlId: number) {
  const row = await getLinkOrThrow(c.database(), urlId);
  if (outOfReach(c, row.workspaceId)) throw notFound("url not found");
  return row;
}

/**
 * The caller may touch only its workspace's urls; any other id is a 404 with `message` (the one its
 * route answers for an absent record). The operator over every workspace fetches nothing.
 */
export async function assertOwnsUrl(c: Caller, urlId: number, message = "url not found"): Promise<void> {
  if (workspaceOf(c) === undefined) return;
  const row = await getLinkOrThrow(c.database(), urlId);
  if (outOfReach(c, row.workspaceId)) throw notFound(message);
}

/** The user a write records as its maker: a key or a person writes as itself only. */
export function ownerForWrite(
  c: Caller,
  requested: number | null | undefined,
  refusal = "an API key can only create or move urls for its own user",
): number | null | undefined {
  const scope = ownerScope(c);
  if (scope === undefined) return requested;
  if (requested !== undefined && requested !== null && requested !== scope) throw forbidden(refusal);
  return scope;
}
