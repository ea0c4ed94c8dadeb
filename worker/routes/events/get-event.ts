// GET /events/{id}: one event
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { IdParam } from "../../lib/validation";
import { assertOwnsUrl } from "../../services/auth/access";
import { getEventOrThrow } from "../../services/events/get-event";
import { serializeEvent } from "../../services/events/serialize";
import { errorResponse, jsonResponse } from "../shared/responses";
import { EventSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/events/{id}",
  tags: ["events"],
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: jsonResponse(EventSchema, "The event"),
    404: errorResponse("No such event"),
  },
});

export function registerGetEvent(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const row = await getEventOrThrow(c.var.database(), c.req.valid("param").id);
    await assertOwnsUrl(c.var, row.urlId, "not found");
    return c.json(serializeEvent(row), 200);
  });
}
