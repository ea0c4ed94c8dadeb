// PATCH /workspaces/{id}: its name (an admin of the workspace)
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { serializeWorkspace } from "../../services/workspaces/serialize";
import { renameWorkspaceFor } from "../../services/workspaces/workspace-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { RenameWorkspaceBody, ROLE_REFUSED, WORKSPACE_NOT_FOUND, WorkspaceParams, WorkspaceSchema } from "./schema";

const route = createRoute({
  method: "patch",
  path: "/workspaces/{id}",
  ...requires("workspace:admin"),
  tags: ["workspaces"],
  request: { params: WorkspaceParams, body: jsonBody(RenameWorkspaceBody) },
  responses: {
    200: jsonResponse(WorkspaceSchema, "The workspace, renamed"),
    400: errorResponse("Missing or invalid name"),
    403: ROLE_REFUSED,
    404: WORKSPACE_NOT_FOUND,
  },
});

export function registerRenameWorkspace(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const workspace = await renameWorkspaceFor(c.var, c.req.valid("param").id, c.req.valid("json").name);
    return c.json(serializeWorkspace(workspace), 200);
  });
}
