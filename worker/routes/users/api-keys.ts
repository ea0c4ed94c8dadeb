// API keys of a user. POST /users/{id}/api-keys (admin) returns the key once, as {"key": ...};
// only its hash is kept. GET lists a user's keys without secrets; DELETE revokes one.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import { AppError, notFound } from "../../lib/errors";
import { formatTimestamp } from "../../lib/time";
import { IdParam, POSTGRES_MAX_INT } from "../../lib/validation";
import { assertOwnUser } from "../../services/auth/access";
import { forgetCachedKey } from "../../services/auth/api-key-cache";
import { createApiKey, listApiKeys, revokeApiKey } from "../../services/auth/api-keys";
import { getUserOrThrow } from "../../services/users/get-user";
import { errorResponse, jsonResponse } from "../shared/responses";

const ApiKeySchema = z
  .object({
    id: z.number().int(),
    prefix: z.string().openapi({ example: "lsk_3f9a1c0b7e" }),
    user_id: z.number().int(),
    name: z.string().nullable(),
    created_at: z.string(),
    revoked_at: z.string().nullable(),
  })
  .openapi("ApiKey");

const CreatedApiKeySchema = ApiKeySchema.extend({
  key: z.string().openapi({ description: "The key itself: shown this once, never again" }),
}).openapi("CreatedApiKey");

const CreateApiKeyBody = z
  .object({
    name: z
      .string({ error: "name must be a string" })
      .max(255, "name must be at most 255 characters")
      .nullable()
      .optional(),
  })
  .strict();

const KeyIdParam = z
  .string()
  .regex(/^\d{1,10}$/)
  .transform(Number)
  .refine((id) => id >= 1 && id <= POSTGRES_MAX_INT)
  .openapi({ param: { in: "path", name: "key_id" }, type: "integer" });

type Row = Awaited<ReturnType<typeof listApiKeys>>[number];

const serialize = (row: Row) => ({
  id: row.id,
  prefix: row.prefix,
  user_id: row.userId,
  name: row.name,
  created_at: formatTimestamp(row.createdAt),
  revoked_at: row.revokedAt ? formatTimestamp(row.revokedAt) : null,
});

/** Creating keys needs the admin key once one is configured; without one, only the open dev mode may. */
function requireKeyAdmin(c: Context<AppEnv>): void {
  const principal = c.var.principal;
  if (principal.kind === "admin") return;
  if (principal.kind === "anonymous" && !c.var.config.ADMIN_API_KEY && !c.var.config.REQUIRE_API_KEYS) return;
  throw new AppError(principal.kind === "user" ? "FORBIDDEN" : "UNAUTHORIZED", "creating API keys needs the admin key");
}

const createKey = createRoute({
  method: "post",
  path: "/users/{id}/api-keys",
  tags: ["users", "auth"],
  request: {
    params: z.object({ id: IdParam }),
    body: { content: { "application/json": { schema: CreateApiKeyBody } }, required: false },
  },
  responses: {
    201: jsonResponse(CreatedApiKeySchema, "The new key, shown once"),
    401: errorResponse("The admin key is missing"),
    403: errorResponse("A user's key cannot create keys"),
    404: errorResponse("No such user"),
  },
});

const listKeys = createRoute({
  method: "get",
  path: "/users/{id}/api-keys",
  tags: ["users", "auth"],
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: jsonResponse(z.array(ApiKeySchema), "The user's keys (never the secrets)"),
    404: errorResponse("No such user"),
  },
});

const revokeKey = createRoute({
  method: "delete",
  path: "/users/{id}/api-keys/{key_id}",
  tags: ["users", "auth"],
  request: { params: z.object({ id: IdParam, key_id: KeyIdParam }) },
  responses: {
    200: jsonResponse(z.object({ message: z.string() }), "Revoked"),
    404: errorResponse("No such user or active key"),
  },
});

export function registerApiKeyRoutes(app: OpenAPIHono<AppEnv>) {
  app.openapi(createKey, async (c) => {
    requireKeyAdmin(c);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json") ?? {};
    const db = c.var.database();
    await getUserOrThrow(db, id);
    const { row, key } = await createApiKey(db, id, body.name ?? null);
    c.header("Cache-Control", "no-store");
    return c.json({ key, ...serialize(row) }, 201);
  });

  app.openapi(listKeys, async (c) => {
    const { id } = c.req.valid("param");
    assertOwnUser(c.var, id);
    const db = c.var.database();
    await getUserOrThrow(db, id);
    return c.json((await listApiKeys(db, id)).map(serialize), 200);
  });

  app.openapi(revokeKey, async (c) => {
    const { id, key_id: keyId } = c.req.valid("param");
    assertOwnUser(c.var, id);
    const row = await revokeApiKey(c.var.database(), id, keyId);
    if (!row) throw notFound("api key not found");
    forgetCachedKey(row.prefix);
    return c.json({ message: "revoked" }, 200);
  });
}
