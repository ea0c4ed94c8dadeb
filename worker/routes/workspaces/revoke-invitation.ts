// DELETE /workspaces/{id}/invitations/{invitation_id}: the invitation's link stops working
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { revokeInvitationFor } from "../../services/workspaces/invitation-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse } from "../shared/responses";
import { InvitationParams, ROLE_REFUSED } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/workspaces/{id}/invitations/{invitation_id}",
  ...requires("workspace:admin"),
  tags: ["workspaces"],
  request: { params: InvitationParams },
  responses: { 204: { description: "Revoked" }, 403: ROLE_REFUSED, 404: errorResponse("No such pending invitation") },
});

export function registerRevokeInvitation(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { id, invitation_id } = c.req.valid("param");
    await revokeInvitationFor(c.var, id, invitation_id);
    return c.body(null, 204);
  });
}
