// GET /workspaces/{id}
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { serializeWorkspace } from "../../services/workspaces/serialize";
import { readWorkspace } from "../../services/workspaces/workspace-use-cases";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { WORKSPACE_NOT_FOUND, WorkspaceParams, WorkspaceSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/workspaces/{id}",
  ...requires("links:read"),
  tags: ["workspaces"],
  request: { params: WorkspaceParams },
  responses: { 200: jsonResponse(WorkspaceSchema, "The workspace"), 404: WORKSPACE_NOT_FOUND },
});

export function registerGetWorkspace(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(serializeWorkspace(await readWorkspace(c.var, c.req.valid("param").id)), 200));
}
