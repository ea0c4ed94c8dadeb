// POST /webhooks/{id}/rotate: a new signing secret, shown once; the previous one signs too for 24 h
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { rotateSecretFor } from "../../services/webhooks/webhook-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { WEBHOOK_NOT_FOUND, WebhookWithSecretSchema } from "./schema";

const route = createRoute({
  method: "post",
  path: "/webhooks/{id}/rotate",
  ...requires("webhooks:write"),
  tags: ["webhooks"],
  request: { params: IdParams },
  responses: {
    200: jsonResponse(WebhookWithSecretSchema, "The new secret (shown this once); the previous one signs too for 24 h"),
    404: WEBHOOK_NOT_FOUND,
  },
});

export function registerRotateWebhookSecret(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(await rotateSecretFor(c.var, c.req.valid("param").id), 200);
  });
}
