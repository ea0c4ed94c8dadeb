// POST /workspaces/{id}/invitations: mail an address a single-use invitation to join with a role
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { inviteMember } from "../../services/workspaces/invitation-use-cases";
import { serializeInvitation } from "../../services/workspaces/serialize";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { InvitationSchema, InviteBody, ROLE_REFUSED, WORKSPACE_NOT_FOUND, WorkspaceParams } from "./schema";

const route = createRoute({
  method: "post",
  path: "/workspaces/{id}/invitations",
  ...requires("workspace:admin"),
  tags: ["workspaces"],
  request: { params: WorkspaceParams, body: jsonBody(InviteBody) },
  responses: {
    201: jsonResponse(InvitationSchema, "Invited: the mail goes after the answer"),
    400: errorResponse("Missing or invalid email or role"),
    403: ROLE_REFUSED,
    404: WORKSPACE_NOT_FOUND,
    409: errorResponse("The address already belongs to a member"),
    503: errorResponse("No SMTP relay (SMTP_HOST), or no PUBLIC_URL in production"),
  },
});

export function registerCreateInvitation(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { email, role } = c.req.valid("json");
    const invitation = await inviteMember(c.var, c.req.valid("param").id, email, role, new URL(c.req.url).origin);
    return c.json(serializeInvitation(invitation), 201);
  });
}
