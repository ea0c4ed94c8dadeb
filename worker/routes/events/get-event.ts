// GET /events/{id}: one event
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { IdParam } from "../../lib/validation";
import { readEvent } from "../../services/events/event-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { EventSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/events/{id}",
  ...requires("links:read"),
  tags: ["events"],
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: jsonResponse(EventSchema, "The event"),
    404: errorResponse("No such event"),
  },
});

export function registerGetEvent(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(await readEvent(c.var, c.req.valid("param").id), 200));
}
