// POST /webhooks: add an endpoint; its signing secret is in this answer only
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { createWebhookFor } from "../../services/webhooks/webhook-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonBody, jsonResponse } from "../shared/responses";
import { CreateWebhookBody, WebhookWithSecretSchema } from "./schema";

const route = createRoute({
  method: "post",
  path: "/webhooks",
  ...requires("webhooks:write"),
  tags: ["webhooks"],
  request: { body: jsonBody(CreateWebhookBody) },
  responses: {
    201: jsonResponse(WebhookWithSecretSchema, "The endpoint, with its signing secret (shown this once)"),
    400: errorResponse("A field is missing or wrong, or the url fails the destination rules"),
    403: errorResponse("A user's key asked for another owner"),
    409: errorResponse("The owner has MAX_WEBHOOKS_PER_OWNER endpoints already (10 by default)"),
    503: errorResponse("LINK_PASSWORD_SECRET is not set (production): secrets cannot be sealed"),
  },
});

export function registerCreateWebhook(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(await createWebhookFor(c.var, c.req.valid("json"), new URL(c.req.url).hostname), 201);
  });
}
