// GET /events: audit events filtered by url_id, user_id and event_type, paginated
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { PaginationQuery, resolveWindow } from "../../lib/pagination";
import { readEvents } from "../../services/events/event-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { EventSchema, ListEventsQuery } from "./schema";

const route = createRoute({
  method: "get",
  path: "/events",
  ...requires("links:read"),
  tags: ["events"],
  request: { query: ListEventsQuery.extend(PaginationQuery.shape) },
  responses: {
    200: jsonResponse(z.array(EventSchema), "Events in id order"),
    400: errorResponse("Invalid filter or page"),
  },
});

export function registerListEvents(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const query = c.req.valid("query");
    const filters = { urlId: query.url_id, userId: query.user_id, eventType: query.event_type };
    return c.json(await readEvents(c.var, filters, resolveWindow(query)), 200);
  });
}
