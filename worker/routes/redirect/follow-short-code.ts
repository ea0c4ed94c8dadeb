// GET /{code}: redirect a short code to its destination (302, never 301, so edits take effect)
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { notFound } from "../../lib/errors";
import { STORED_SHORT_CODE_PATTERN } from "../../lib/short-code";
import { findActiveDestination } from "../../services/urls/find-destination";
import { errorResponse } from "../shared/responses";

const route = createRoute({
  method: "get",
  path: "/{code}",
  tags: ["redirect"],
  request: { params: z.object({ code: z.string().openapi({ example: "LReho4" }) }) },
  responses: {
    302: { description: "Redirect to the destination", headers: { Location: { schema: { type: "string" } } } },
    404: errorResponse("Unknown or inactive code"),
  },
});

export function registerFollowShortCode(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { code } = c.req.valid("param");
    // Paths that cannot be a code (favicon.ico, scanners' probes) never reach the database.
    if (!STORED_SHORT_CODE_PATTERN.test(code)) throw notFound("not found");
    const destination = await findActiveDestination(c.var.database(), code);
    if (destination === undefined) throw notFound("not found");
    c.header("Cache-Control", "private, no-store");
    return c.redirect(destination, 302);
  });
}
