// POST /workspaces/{id}/api-keys: a key of the workspace with scopes (no wider than the maker's role) and
// an optional expiry; returned once
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { serializeWorkspaceKey } from "../../services/workspaces/serialize";
import { createWorkspaceKey } from "../../services/workspaces/workspace-keys";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { ROLE_REFUSED, WORKSPACE_NOT_FOUND, WorkspaceKeyBody, WorkspaceKeySchema, WorkspaceParams } from "./schema";

const route = createRoute({
  method: "post",
  path: "/workspaces/{id}/api-keys",
  ...requires("workspace:admin"),
  tags: ["workspaces", "auth"],
  request: { params: WorkspaceParams, body: jsonBody(WorkspaceKeyBody) },
  responses: {
    201: jsonResponse(WorkspaceKeySchema, "The key, shown this once"),
    400: errorResponse("Missing or invalid scopes, name or expires_at"),
    403: ROLE_REFUSED,
    404: WORKSPACE_NOT_FOUND,
    409: errorResponse("A team or the operator's workspace: its keys come with team links"),
  },
});

export function registerCreateWorkspaceKey(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const { row, key } = await createWorkspaceKey(c.var, c.req.valid("param").id, {
      name: body.name ?? null,
      scopes: body.scopes,
      expiresAt: body.expires_at ?? null,
    });
    // The key itself, this once; last_used_at is not part of a new key's answer.
    const { last_used_at: _never, ...shown } = serializeWorkspaceKey(row);
    return c.json({ key, ...shown }, 201);
  });
}
