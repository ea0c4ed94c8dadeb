// DELETE /users/{id}/api-keys/{key_id}: revoke one of a user's active keys
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { notFound } from "../../lib/errors";
import { assertOwnUser } from "../../services/auth/access";
import { forgetCachedKey } from "../../services/auth/api-key-cache";
import { revokeApiKey } from "../../services/auth/api-keys";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { KeyIdParam } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/users/{id}/api-keys/{key_id}",
  ...requires("workspace:admin"),
  tags: ["users", "auth"],
  request: { params: IdParams.extend({ key_id: KeyIdParam }) },
  responses: {
    200: jsonResponse(z.object({ message: z.string() }), "Revoked"),
    404: errorResponse("No such user or active key"),
  },
});

export function registerRevokeApiKey(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { id, key_id: keyId } = c.req.valid("param");
    assertOwnUser(c.var, id);
    const row = await revokeApiKey(c.var.database(), id, keyId);
    if (!row) throw notFound("api key not found");
    forgetCachedKey(row.prefix);
    return c.json({ message: "revoked" }, 200);
  });
}
