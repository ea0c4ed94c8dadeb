// GET /users/{id}/api-keys: a user's keys, revoked ones too, by id, without their secrets
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { assertOwnUser } from "../../services/auth/access";
import { listApiKeys } from "../../services/auth/api-keys";
import { getUserOrThrow } from "../../services/users/get-user";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { ApiKeySchema, USER_NOT_FOUND } from "./schema";
import { serializeApiKey } from "./serialize-api-key";

const route = createRoute({
  method: "get",
  path: "/users/{id}/api-keys",
  ...requires("workspace:admin"),
  tags: ["users", "auth"],
  request: { params: IdParams },
  responses: {
    200: jsonResponse(z.array(ApiKeySchema), "The user's keys (never the secrets)"),
    404: USER_NOT_FOUND,
  },
});

export function registerListApiKeys(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { id } = c.req.valid("param");
    assertOwnUser(c.var, id);
    const db = c.var.database();
    await getUserOrThrow(db, id);
    return c.json((await listApiKeys(db, id)).map(serializeApiKey), 200);
  });
}
