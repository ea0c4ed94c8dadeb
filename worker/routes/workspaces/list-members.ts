// GET /workspaces/{id}/members: every member and their role (any member may see them)
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { serializeMember } from "../../services/workspaces/serialize";
import { readMembers } from "../../services/workspaces/workspace-use-cases";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { MemberSchema, WORKSPACE_NOT_FOUND, WorkspaceParams } from "./schema";

const route = createRoute({
  method: "get",
  path: "/workspaces/{id}/members",
  ...requires("links:read"),
  tags: ["workspaces"],
  request: { params: WorkspaceParams },
  responses: { 200: jsonResponse(z.array(MemberSchema), "The members, by user id"), 404: WORKSPACE_NOT_FOUND },
});

export function registerListMembers(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json((await readMembers(c.var, c.req.valid("param").id)).map(serializeMember), 200),
  );
}
