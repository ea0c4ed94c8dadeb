// GET /webhooks/{id}/deliveries: the endpoint's last 100 deliveries, newest first
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { listDeliveriesFor } from "../../services/webhooks/webhook-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";
import { DeliverySchema, WEBHOOK_NOT_FOUND } from "./schema";

const route = createRoute({
  method: "get",
  path: "/webhooks/{id}/deliveries",
  ...requires("webhooks:write"),
  tags: ["webhooks"],
  request: { params: IdParams },
  responses: {
    200: jsonResponse(z.array(DeliverySchema), "The endpoint's last 100 deliveries, newest first"),
    404: WEBHOOK_NOT_FOUND,
  },
});

export function registerListWebhookDeliveries(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => c.json(await listDeliveriesFor(c.var, c.req.valid("param").id), 200));
}
