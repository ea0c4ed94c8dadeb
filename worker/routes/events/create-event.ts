// POST /events: record an event against a url
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { recordClientEvent } from "../../services/events/event-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { CreateEventBody, EventSchema } from "./schema";

const route = createRoute({
  method: "post",
  path: "/events",
  ...requires("links:write"),
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
  app.openapi(route, async (c) => c.json(await recordClientEvent(c.var, c.req.valid("json")), 201));
}
