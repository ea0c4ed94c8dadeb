// POST /invitations/accept: the signed-in person joins the workspace the invitation names, when it is
// addressed to them. Only from this origin: another site cannot make a visitor join a workspace.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { WORKSPACE_ROLES } from "../../domain/workspace-roles";
import { AppError, badRequest, unauthorizedError } from "../../lib/errors";
import { isFormPost, personFromSession } from "../../middleware/session-auth";
import { acceptInvitationFor } from "../../services/workspaces/invitation-use-cases";
import { rememberWorkspace } from "../../web/web-session";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { tokenPostBody, tokenPostFromOwnOrigin } from "../shared/token-links";

// The token is checked after the session: a signed-out caller hears that first, whatever it sent.
const TokenBody = z
  .object({
    token: z.string({ error: "token must be a string" }).max(100, "token: not an invitation token").optional(),
  })
  .strict()
  .openapi("InvitationToken");

const route = createRoute({
  method: "post",
  path: "/invitations/accept",
  ...requires("session"),
  tags: ["workspaces"],
  request: {
    body: tokenPostBody(TokenBody),
  },
  responses: {
    200: jsonResponse(
      z.object({ workspace_id: z.number().int(), role: z.enum(WORKSPACE_ROLES), joined: z.boolean() }),
      "Joined (JSON clients; joined false: already a member, who keeps their role)",
    ),
    303: { description: "Joined (the form): on to the web app's links, acting in the workspace joined" },
    400: errorResponse("Missing or malformed token"),
    401: errorResponse("Not signed in"),
    403: errorResponse("Addressed to another email, or posted from another site"),
    404: errorResponse("Unknown, used, revoked or expired"),
  },
});

export function registerAcceptInvitation(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    if (!tokenPostFromOwnOrigin(c))
      throw new AppError("FORBIDDEN", "cross-site request refused: accept from the invitation's own page");
    const person = await personFromSession(c);
    if (!person) throw unauthorizedError("accepting an invitation needs you signed in with the invited address");
    c.set("principal", person);
    const form = isFormPost(c);
    const token = (form ? c.req.valid("form") : c.req.valid("json")).token as string | undefined;
    if (token === undefined) throw badRequest("token is required");
    const accepted = await acceptInvitationFor(c.var, token);
    if (form) {
      // A person in a browser: on to the web app, acting in the workspace they just joined.
      rememberWorkspace(c, accepted.workspaceId);
      return c.redirect("/app/links", 303);
    }
    return c.json({ workspace_id: accepted.workspaceId, role: accepted.role, joined: accepted.added }, 200);
  });
}
