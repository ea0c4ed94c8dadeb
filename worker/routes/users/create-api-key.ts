// POST /users/{id}/api-keys (admin): a new key, returned once as {"key": ...}; only its hash is kept
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../../app-env";
import { AppError } from "../../lib/errors";
import { createApiKey } from "../../services/auth/api-keys";
import { getUserOrThrow } from "../../services/users/get-user";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { CreateApiKeyBody, CreatedApiKeySchema, USER_NOT_FOUND } from "./schema";
import { serializeApiKey } from "./serialize-api-key";

/** Creating keys needs the admin key once one is configured; without one, only the open dev mode may. */
function requireKeyAdmin(c: Context<AppEnv>): void {
  const principal = c.var.principal;
  if (principal.kind === "admin") return;
  if (principal.kind === "anonymous" && !c.var.config.ADMIN_API_KEY && !c.var.config.REQUIRE_API_KEYS) return;
  throw new AppError(
    principal.kind === "user" || principal.kind === "person" ? "FORBIDDEN" : "UNAUTHORIZED",
    "creating API keys needs the admin key",
  );
}

const route = createRoute({
  method: "post",
  path: "/users/{id}/api-keys",
  ...requires("operator"),
  tags: ["users", "auth"],
  request: {
    params: IdParams,
    body: { content: { "application/json": { schema: CreateApiKeyBody } }, required: false },
  },
  responses: {
    201: jsonResponse(CreatedApiKeySchema, "The new key, shown once"),
    401: errorResponse("The admin key is missing"),
    403: errorResponse("A user's key cannot create keys"),
    404: USER_NOT_FOUND,
  },
});

export function registerCreateApiKey(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    requireKeyAdmin(c);
    const { id } = c.req.valid("param");
    const body = c.req.valid("json") ?? {};
    const db = c.var.database();
    await getUserOrThrow(db, id);
    const { row, key } = await createApiKey(db, id, body.name ?? null);
    c.header("Cache-Control", "no-store");
    return c.json({ key, ...serializeApiKey(row) }, 201);
  });
}
