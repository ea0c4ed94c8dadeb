// DELETE /workspaces/{id}/api-keys/{key_id}: the key stops working (at once here; within 30 s elsewhere)
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { revokeWorkspaceKey } from "../../services/workspaces/workspace-keys";
import { requires } from "../shared/permissions";
import { errorResponse } from "../shared/responses";
import { ROLE_REFUSED, WorkspaceKeyParams } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/workspaces/{id}/api-keys/{key_id}",
  ...requires("workspace:admin"),
  tags: ["workspaces", "auth"],
  request: { params: WorkspaceKeyParams },
  responses: {
    204: { description: "Revoked" },
    403: ROLE_REFUSED,
    404: errorResponse("No such live key in the workspace"),
  },
});

export function registerRevokeWorkspaceKey(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { id, key_id } = c.req.valid("param");
    await revokeWorkspaceKey(c.var, id, key_id);
    return c.body(null, 204);
  });
}
