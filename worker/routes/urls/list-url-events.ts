// GET /urls/{id}/events: the audit trail of one url, oldest first
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { PaginationQuery, resolveWindow } from "../../lib/pagination";
import { IdParam } from "../../lib/validation";
import { readUrlEvents } from "../../services/urls/url-use-cases";
import { EventSchema } from "../events/schema";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";

const route = createRoute({
  method: "get",
  path: "/urls/{id}/events",
  ...requires("links:read"),
  tags: ["urls", "events"],
  request: { params: z.object({ id: IdParam }), query: PaginationQuery },
  responses: {
    200: jsonResponse(z.array(EventSchema), "Events of the url in id order"),
    404: errorResponse("No such url"),
  },
});

export function registerListUrlEvents(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(await readUrlEvents(c.var, c.req.valid("param").id, resolveWindow(c.req.valid("query"))), 200),
  );
}
