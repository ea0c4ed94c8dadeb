// POST /workspaces: a team workspace and its first owner (the admin key)
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { serializeWorkspace } from "../../services/workspaces/serialize";
import { createWorkspace } from "../../services/workspaces/workspace-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { CreateWorkspaceBody, WorkspaceSchema } from "./schema";

const route = createRoute({
  method: "post",
  path: "/workspaces",
  ...requires("session"),
  tags: ["workspaces"],
  request: { body: jsonBody(CreateWorkspaceBody) },
  responses: {
    201: jsonResponse(WorkspaceSchema, "The workspace, with its owner as its one member"),
    400: errorResponse("Missing or invalid name or owner_user_id, or no such user"),
    403: errorResponse("A user's key: creating a workspace needs the admin key"),
  },
});

export function registerCreateWorkspace(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    return c.json(serializeWorkspace(await createWorkspace(c.var, body.name, body.owner_user_id)), 201);
  });
}
