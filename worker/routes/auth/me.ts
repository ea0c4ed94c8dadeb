// GET /me: the signed-in person, their workspaces and roles, and their CSRF token
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { formatTimestamp } from "../../lib/time";
import { readMe } from "../../services/auth/sign-in-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { MeSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/me",
  ...requires("session"),
  tags: ["auth"],
  responses: {
    200: jsonResponse(MeSchema, "The person signed in"),
    401: errorResponse("No session (keys have no person: see GET /workspaces)"),
  },
});

export function registerMe(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const me = await readMe(c.var);
    return c.json(
      {
        user: { id: me.user.id, username: me.user.username, email: me.user.email },
        workspaces: me.workspaces,
        csrf_token: me.csrfToken,
        session: { id: me.session.id, expires_at: formatTimestamp(me.session.expiresAt) },
      },
      200,
    );
  });
}
