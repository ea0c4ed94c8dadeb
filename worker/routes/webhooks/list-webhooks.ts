// GET /webhooks: the caller's endpoints (the admin key: all of them), newest first
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { serializeWebhook } from "../../services/webhooks/serialize";
import { listWebhooks } from "../../services/webhooks/webhook-store";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { WebhookSchema } from "./schema";

const route = createRoute({
  method: "get",
  path: "/webhooks",
  ...requires("webhooks:write"),
  tags: ["webhooks"],
  responses: { 200: jsonResponse(z.array(WebhookSchema), "The caller's endpoints (the admin key: all), newest first") },
});

export function registerListWebhooks(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) =>
    c.json(
      (await listWebhooks(c.var)).map((row) => serializeWebhook(row)),
      200,
    ),
  );
}
