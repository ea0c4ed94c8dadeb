// PATCH /webhooks/{id}: change some of an endpoint's fields, or disable or enable it
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { updateWebhookFor } from "../../services/webhooks/webhook-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { UpdateWebhookBody, WEBHOOK_NOT_FOUND, WebhookSchema } from "./schema";

const route = createRoute({
  method: "patch",
  path: "/webhooks/{id}",
  ...requires("webhooks:write"),
  tags: ["webhooks"],
  request: { params: IdParams, body: jsonBody(UpdateWebhookBody) },
  responses: {
    200: jsonResponse(WebhookSchema, "The endpoint as changed"),
    400: errorResponse("A field is wrong"),
    404: WEBHOOK_NOT_FOUND,
  },
});

export function registerUpdateWebhook(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(
      await updateWebhookFor(c.var, c.req.valid("param").id, c.req.valid("json"), new URL(c.req.url).hostname),
      200,
    ),
  );
}
