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
export function readUser(ctx: ServiceContext, id: number): Promise<UserResponse> {
  assertOwnUser(ctx, id);
  return readThrough({
    cache: "user",
    fromCache: () => ctx.cache.entities.get(userKey(id), UserSchema),
    load: async () => serializeUser(await getUserOrThrow(ctx.database(), id)),
    fill: (value) => ctx.cache.entities.fill(userKey(id), value),
    defer: ctx.defer,
  });
}

/** GET /users: every user for the admin (cached per page); a user's key sees only itself. */
export async function readUsers(ctx: ServiceContext, query: PageQuery): Promise<UserResponse[]> {
  const scope = ownerScope(ctx);
  if (scope !== undefined) {
    const self = serializeUser(await getUserOrThrow(ctx.database(), scope));
    return query.page && query.page > 1 ? [] : [self];
  }
  const cacheField = `page=${query.page ?? ""}&per_page=${query.per_page ?? ""}`;
  return readThrough({
    cache: "user_list",
    fromCache: () => ctx.cache.entities.getList("users", cacheField, UserListSchema),
    load: async () => (await listUsers(ctx.database(), resolveWindow(query))).map(serializeUser),
    fill: (value) => ctx.cache.entities.fillList("users", cacheField, value),
    defer: ctx.defer,
  });
}

/** POST /users (admin): creates, or returns the existing user (the seed's behaviour). */
export async function createUserAsAdmin(ctx: ServiceContext, input: CreateUserInput) {
  requireAdmin(ctx);
  const result = await createUser(ctx.database(), input);
  if (result.created) await invalidateCaches(ctx.cache, { lists: ["users"] }, ctx.requestId);
  return serializeUser(result.user);
}

/** PUT /users/{id} (admin). */
export async function updateUserAsAdmin(ctx: ServiceContext, id: number, changes: UpdateUserInput) {
  requireAdmin(ctx);
  const user = await updateUser(ctx.database(), id, changes);
  await invalidateCaches(ctx.cache, { users: [id], lists: ["users"] }, ctx.requestId);
  return serializeUser(user);
}

/** DELETE /users/{id} (admin): the user, its keys, and every cached trace of both. */
export async function deleteUserAsAdmin(ctx: ServiceContext, id: number): Promise<void> {
  requireAdmin(ctx);
  await deleteUser(ctx.database(), id);
  // Its keys went with it (ON DELETE CASCADE); none may keep acting from this isolate's cache.
  // Other isolates drop theirs within 30 s, and until then they act for an id that owns nothing
  // and is never handed out again (sequences only move forward).
  forgetCachedKeysOf(id);
  await invalidateCaches(ctx.cache, { users: [id], lists: ["users"] }, ctx.requestId);
}
