// POST /webhooks/{id}/test: send a signed ping now and report what the receiver answered
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { pingWebhook } from "../../services/webhooks/webhook-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { PingResultSchema, WEBHOOK_DISABLED, WEBHOOK_NOT_FOUND } from "./schema";

const route = createRoute({
  method: "post",
  path: "/webhooks/{id}/test",
  ...requires("webhooks:write"),
  tags: ["webhooks"],
  request: { params: IdParams },
  responses: {
    200: jsonResponse(PingResultSchema, "A signed ping was sent now: what the receiver answered"),
    400: WEBHOOK_DISABLED,
    404: WEBHOOK_NOT_FOUND,
  },
});

export function registerPingWebhook(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(await pingWebhook(c.var, c.req.valid("param").id), 200));
}
