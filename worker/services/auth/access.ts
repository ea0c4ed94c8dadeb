// What the caller may touch. A user's API key (or a signed-in person's session) confines every request to that user's own urls,
// events and profile: anything else answers 404, exactly as if it did not exist. Managing users,
// imports and keys needs the admin key (or no key at all while keys are optional, as in the seed).

import { forbidden, notFound } from "../../lib/errors";
import { actingUserId, type ServiceContext } from "../service-context";
import { getLinkOrThrow } from "../urls/link-store";

/** What the checks read of a request: who calls, and its database. */
type Caller = Pick<ServiceContext, "principal" | "database">;

/** The user a request is confined to, or undefined for the admin (and anonymous open mode). */
export function ownerScope(c: Caller): number | undefined {
  const principal = c.principal;
  return principal ? actingUserId(principal) : undefined;
}

export function requireAdmin(c: Caller): void {
  if (c.principal && actingUserId(c.principal) !== undefined) throw forbidden("this needs the admin key");
}

/** A user's key may read only its own user; any other id is a 404. */
export function assertOwnUser(c: Caller, userId: number): void {
  const scope = ownerScope(c);
  if (scope !== undefined && scope !== userId) throw notFound("user not found");
}

/** The url, fetched once; a user's key gets a 404 for any url it does not own. */
export async function getOwnedUrl(c: Caller, urlId: number) {
  const row = await getLinkOrThrow(c.database(), urlId);
  const scope = ownerScope(c);
  if (scope !== undefined && row.userId !== scope) throw notFound("url not found");
  return row;
}

/**
 * A user's key may touch only its own urls; any other id is a 404 with `message` (the one its
 * route answers for an absent record). Without a user's key nothing is fetched.
 */
export async function assertOwnsUrl(c: Caller, urlId: number, message = "url not found"): Promise<void> {
  const scope = ownerScope(c);
  if (scope === undefined) return;
  const row = await getLinkOrThrow(c.database(), urlId);
  if (row.userId !== scope) throw notFound(message);
}

/** The owner a write may set: a user's key writes for itself only. */
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
