// GET /workspaces/{id}/invitations: the invitations still waiting (admins)
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { readInvitations } from "../../services/workspaces/invitation-use-cases";
import { serializeInvitation } from "../../services/workspaces/serialize";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { InvitationSchema, ROLE_REFUSED, WORKSPACE_NOT_FOUND, WorkspaceParams } from "./schema";

const route = createRoute({
  method: "get",
  path: "/workspaces/{id}/invitations",
  ...requires("workspace:admin"),
  tags: ["workspaces"],
  request: { params: WorkspaceParams },
  responses: {
    200: jsonResponse(z.array(InvitationSchema), "Pending invitations, newest first"),
    403: ROLE_REFUSED,
    404: WORKSPACE_NOT_FOUND,
  },
});

export function registerListInvitations(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json((await readInvitations(c.var, c.req.valid("param").id)).map(serializeInvitation), 200),
  );
}
