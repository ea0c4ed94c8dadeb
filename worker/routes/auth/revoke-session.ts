// DELETE /auth/sessions/{id}: one of the person's sessions ends (another browser signed out)
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { revokeSessionsOf } from "../../services/auth/sign-in-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { errorResponse } from "../shared/responses";

const route = createRoute({
  method: "delete",
  path: "/auth/sessions/{id}",
  ...requires("session"),
  tags: ["auth"],
  request: { params: IdParams },
  responses: {
    204: { description: "Revoked" },
    401: errorResponse("No session"),
    403: errorResponse("A cross-site request"),
    404: errorResponse("No such session of this person"),
  },
});

export function registerRevokeSession(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await revokeSessionsOf(c.var, c.req.valid("param").id);
    return c.body(null, 204);
  });
}
