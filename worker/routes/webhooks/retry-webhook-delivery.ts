// POST /webhooks/{id}/deliveries/{delivery_id}/retry: make a delivery due again and send it now
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { afterResponse } from "../../lib/after-response";
import { kickDelivery } from "../../services/webhooks/dispatch-deliveries";
import { retryDeliveryFor } from "../../services/webhooks/webhook-use-cases";
import { IdParams } from "../shared/id-params";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { DeliveryIdParam, DeliverySchema, WEBHOOK_DISABLED } from "./schema";

const route = createRoute({
  method: "post",
  path: "/webhooks/{id}/deliveries/{delivery_id}/retry",
  ...requires("webhooks:write"),
  tags: ["webhooks"],
  request: { params: IdParams.extend({ delivery_id: DeliveryIdParam }) },
  responses: {
    202: jsonResponse(DeliverySchema, "Due again now, with a fresh retry schedule, and sent to the queue at once"),
    400: WEBHOOK_DISABLED,
    404: errorResponse("No such webhook or delivery"),
  },
});

export function registerRetryWebhookDelivery(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const { id, delivery_id: deliveryId } = c.req.valid("param");
    const delivery = await retryDeliveryFor(c.var, id, deliveryId);
    // Sent now, after the response, ahead of whatever else is due (not with the next sweep).
    afterResponse(c.executionCtx, () => kickDelivery(c.env, c.var.config, delivery.id));
    return c.json(delivery, 202);
  });
}
