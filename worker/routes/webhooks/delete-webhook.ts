// DELETE /webhooks/{id}: delete an endpoint and its deliveries
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { deleteWebhookFor } from "../../services/webhooks/webhook-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { jsonResponse, MessageSchema } from "../shared/responses";
import { WEBHOOK_NOT_FOUND } from "./schema";

const route = createRoute({
  method: "delete",
  path: "/webhooks/{id}",
  ...requires("webhooks:write"),
  tags: ["webhooks"],
  request: { params: IdParams },
  responses: { 200: jsonResponse(MessageSchema, "Deleted, with its deliveries"), 404: WEBHOOK_NOT_FOUND },
});

export function registerDeleteWebhook(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    await deleteWebhookFor(c.var, c.req.valid("param").id);
    return c.json({ message: "webhook deleted" }, 200);
  });
}
