// DELETE /workspaces/{id}/members/{user_id}: a member removed (an owner only by an owner), or leaving
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { removeMember } from "../../services/workspaces/workspace-use-cases";
import { requires } from "../shared/permissions";
import { LAST_OWNER, MEMBER_NOT_FOUND, MemberParams, ROLE_REFUSED } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/workspaces/{id}/members/{user_id}",
  ...requires("workspace:admin"),
  tags: ["workspaces"],
  request: { params: MemberParams },
  responses: { 204: { description: "Removed" }, 403: ROLE_REFUSED, 404: MEMBER_NOT_FOUND, 409: LAST_OWNER },
});

export function registerRemoveMember(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { id, user_id } = c.req.valid("param");
    await removeMember(c.var, id, user_id);
    return c.body(null, 204);
  });
}
