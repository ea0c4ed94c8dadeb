// GET /urls/{id}/events: the audit trail of one url, oldest first
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { PaginationQuery, resolveWindow } from "../../lib/pagination";
import { IdParam } from "../../lib/validation";
import { getOwnedUrl } from "../../services/auth/access";
import { listEvents } from "../../services/events/list-events";
import { serializeEvent } from "../../services/events/serialize";
import { EventSchema } from "../events/schema";
import { errorResponse, jsonResponse } from "../shared/responses";

const route = createRoute({
  method: "get",
  path: "/urls/{id}/events",
  tags: ["urls", "events"],
  request: { params: z.object({ id: IdParam }), query: PaginationQuery },
  responses: {
    200: jsonResponse(z.array(EventSchema), "Events of the url in id order"),
    404: errorResponse("No such url"),
  },
});

export function registerListUrlEvents(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const db = c.var.database();
    const { id } = c.req.valid("param");
    await getOwnedUrl(c.var, id);
    const rows = await listEvents(db, { urlId: id }, resolveWindow(c.req.valid("query")));
    return c.json(rows.map(serializeEvent), 200);
  });
}
