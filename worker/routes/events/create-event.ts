// POST /events: record an event against a url
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { assertOwnsUrl, ownerForWrite } from "../../services/auth/access";
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
    400: errorResponse("Missing fields, a reserved event_type, or an unknown url_id or user_id"),
    403: errorResponse("A user's key naming another user_id"),
    404: errorResponse("A user's key naming a url it does not own"),
  },
});

export function registerCreateEvent(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    await assertOwnsUrl(c.var, body.url_id);
    // As PUT /urls: a user's key records events as itself only. Any other id, existing or not,
    // gets the same 403, so the answer tells nothing about which user ids exist.
    const userId = ownerForWrite(c.var, body.user_id, "an API key can only record events as its own user");
    const row = await createEvent(c.var.database(), {
      urlId: body.url_id,
      userId: userId ?? null,
      eventType: body.event_type,
      details: body.details,
    });
    return c.json(serializeEvent(row), 201);
  });
}
