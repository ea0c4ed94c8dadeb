// GET /workspaces/{id}/api-keys: the workspace's keys that still work (admins); never the keys themselves
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { serializeWorkspaceKey } from "../../services/workspaces/serialize";
import { readWorkspaceKeys } from "../../services/workspaces/workspace-keys";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { ListedWorkspaceKeySchema, ROLE_REFUSED, WORKSPACE_NOT_FOUND, WorkspaceParams } from "./schema";

const route = createRoute({
  method: "get",
  path: "/workspaces/{id}/api-keys",
  ...requires("workspace:admin"),
  tags: ["workspaces", "auth"],
  request: { params: WorkspaceParams },
  responses: {
    200: jsonResponse(z.array(ListedWorkspaceKeySchema), "Live keys, newest first"),
    403: ROLE_REFUSED,
    404: WORKSPACE_NOT_FOUND,
  },
});

export function registerListWorkspaceKeys(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const rows = await readWorkspaceKeys(c.var, c.req.valid("param").id);
    return c.json(rows.map(serializeWorkspaceKey), 200);
  });
}
