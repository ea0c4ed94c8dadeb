// GET /webhooks/{id}: one endpoint, without its secret
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { serializeWebhook } from "../../services/webhooks/serialize";
import { getOwnedWebhook } from "../../services/webhooks/webhook-store";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { WEBHOOK_NOT_FOUND, WebhookSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/webhooks/{id}",
  ...requires("webhooks:write"),
  tags: ["webhooks"],
  request: { params: IdParams },
  responses: { 200: jsonResponse(WebhookSchema, "The endpoint"), 404: WEBHOOK_NOT_FOUND },
});

export function registerGetWebhook(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(serializeWebhook(await getOwnedWebhook(c.var, c.req.valid("param").id)), 200));
}
