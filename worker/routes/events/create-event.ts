// POST /events: record an event against a url
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { assertOwnsUrl } from "../../middleware/access";
import { createEvent } from "../../services/events/create-event";
import { serializeEvent } from "../../services/events/serialize";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { CreateEventBody, EventSchema } from "./schema";

const route = createRoute({
  method: "post",
  path: "/events",
  tags: ["events"],
  request: { body: jsonBody(CreateEventBody) },
  responses: {
    201: jsonResponse(EventSchema, "The recorded event"),
    400: errorResponse("Missing fields, or an unknown url_id or user_id"),
  },
});

export function registerCreateEvent(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    await assertOwnsUrl(c, body.url_id);
    const row = await createEvent(c.var.database(), {
      urlId: body.url_id,
      userId: body.user_id ?? null,
      eventType: body.event_type,
      details: body.details,
    });
    return c.json(serializeEvent(row), 201);
  });
}
