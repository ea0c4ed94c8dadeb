// The users' use cases, whole: who may, the write, and what the caches must forget or keep.
// Routes parse, call one of these, and answer.

import { userKey } from "../../cache/entity-cache";
import { invalidateCaches } from "../../cache/invalidate";
import { readThrough } from "../../cache/read-through";
import { UserListSchema, type UserResponse, UserSchema } from "../../contracts/responses";
import { type PageQuery, resolveWindow } from "../../lib/pagination";
import { assertOwnUser, ownerScope, requireAdmin } from "../auth/access";
import { forgetCachedKeysOf } from "../auth/api-key-cache";
import type { ServiceContext } from "../service-context";
import { type CreateUserInput, createUser } from "./create-user";
import { deleteUser } from "./delete-user";
import { getUserOrThrow } from "./get-user";
import { listUsers } from "./list-users";
import { serializeUser } from "./serialize";
import { type UpdateUserInput, updateUser } from "./update-user";

/** GET /users/{id}: a user's key reads only itself. */
export function readUser(vars: ServiceContext, id: number): Promise<UserResponse> {
  assertOwnUser(vars, id);
  return readThrough({
    cache: "user",
    fromCache: () => vars.cache.entities.get(userKey(id), UserSchema),
    load: async () => serializeUser(await getUserOrThrow(vars.database(), id)),
    fill: (value) => vars.cache.entities.fill(userKey(id), value),
    defer: vars.defer,
  });
}

/** GET /users: every user for the admin (cached per page); a user's key sees only itself. */
export async function readUsers(vars: ServiceContext, query: PageQuery): Promise<UserResponse[]> {
  const scope = ownerScope(vars);
  if (scope !== undefined) {
    const self = serializeUser(await getUserOrThrow(vars.database(), scope));
    return query.page && query.page > 1 ? [] : [self];
  }
  const cacheField = `page=${query.page ?? ""}&per_page=${query.per_page ?? ""}`;
  return readThrough({
    cache: "user_list",
    fromCache: () => vars.cache.entities.getList("users", cacheField, UserListSchema),
    load: async () => (await listUsers(vars.database(), resolveWindow(query))).map(serializeUser),
    fill: (value) => vars.cache.entities.fillList("users", cacheField, value),
    defer: vars.defer,
  });
}

/** POST /users (admin): creates, or returns the existing user (the seed's behaviour). */
export async function createUserAsAdmin(vars: ServiceContext, input: CreateUserInput) {
  requireAdmin(vars);
  const result = await createUser(vars.database(), input);
  if (result.created) await invalidateCaches(vars.cache, { lists: ["users"] }, vars.requestId);
  return serializeUser(result.user);
}

/** PUT /users/{id} (admin). */
export async function updateUserAsAdmin(vars: ServiceContext, id: number, changes: UpdateUserInput) {
  requireAdmin(vars);
  const user = await updateUser(vars.database(), id, changes);
  await invalidateCaches(vars.cache, { users: [id], lists: ["users"] }, vars.requestId);
  return serializeUser(user);
}

/** DELETE /users/{id} (admin): the user, its keys, and every cached trace of both. */
export async function deleteUserAsAdmin(vars: ServiceContext, id: number): Promise<void> {
  requireAdmin(vars);
  await deleteUser(vars.database(), id);
  // Its keys went with it (ON DELETE CASCADE); none may keep acting from this isolate's cache.
  // Other isolates drop theirs within 30 s, and until then they act for an id that owns nothing
  // and is never handed out again (sequences only move forward).
  forgetCachedKeysOf(id);
  await invalidateCaches(vars.cache, { users: [id], lists: ["users"] }, vars.requestId);
}
