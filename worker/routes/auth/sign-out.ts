// POST /auth/sign-out: this session ends and its cookie goes
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { clearSessionCookie } from "../../middleware/session-auth";
import { signOut } from "../../services/auth/sign-in-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse } from "../shared/responses";

const route = createRoute({
  method: "post",
  path: "/auth/sign-out",
  ...requires("session"),
  tags: ["auth"],
  responses: {
    204: { description: "Signed out" },
    401: errorResponse("No session"),
    403: errorResponse("A cross-site request"),
  },
});

export function registerSignOut(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await signOut(c.var);
    clearSessionCookie(c);
    return c.body(null, 204);
  });
}
