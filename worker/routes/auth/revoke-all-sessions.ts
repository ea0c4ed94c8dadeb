// DELETE /auth/sessions: every session of the person ends, this one included (sign out everywhere)
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { clearSessionCookie } from "../../middleware/session-auth";
import { revokeSessionsOf } from "../../services/auth/sign-in-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";

const route = createRoute({
  method: "delete",
  path: "/auth/sessions",
  ...requires("session"),
  tags: ["auth"],
  responses: {
    200: jsonResponse(z.object({ revoked: z.number().int() }), "How many sessions ended"),
    401: errorResponse("No session"),
    403: errorResponse("A cross-site request"),
  },
});

export function registerRevokeAllSessions(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const revoked = await revokeSessionsOf(c.var);
    clearSessionCookie(c);
    return c.json({ revoked }, 200);
  });
}
