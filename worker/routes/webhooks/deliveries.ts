// GET /webhooks/{id}/deliveries (the last 100) and POST /webhooks/{id}/deliveries/{delivery_id}/retry.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { afterResponse } from "../../lib/after-response";
import { IdParam } from "../../lib/validation";
import { kickDelivery } from "../../services/webhooks/dispatch-deliveries";
import { listDeliveriesFor, retryDeliveryFor } from "../../services/webhooks/webhook-use-cases";
import { errorResponse, jsonResponse } from "../shared/responses";
import { DeliveryIdParam, DeliverySchema } from "./schema";

const list = createRoute({
  method: "get",
  path: "/webhooks/{id}/deliveries",
  tags: ["webhooks"],
  request: { params: z.object({ id: IdParam }) },
  responses: {
    200: jsonResponse(z.array(DeliverySchema), "The endpoint's last 100 deliveries, newest first"),
    404: errorResponse("No such webhook (or another user's)"),
  },
});

const retry = createRoute({
  method: "post",
  path: "/webhooks/{id}/deliveries/{delivery_id}/retry",
  tags: ["webhooks"],
  request: { params: z.object({ id: IdParam, delivery_id: DeliveryIdParam }) },
  responses: {
    202: jsonResponse(DeliverySchema, "Due again now, with a fresh retry schedule, and sent to the queue at once"),
    400: errorResponse("The webhook is disabled"),
    404: errorResponse("No such webhook or delivery"),
  },
});

export function registerWebhookDeliveries(app: OpenAPIHono<AppEnv>) {
  app.openapi(list, async (c) => c.json(await listDeliveriesFor(c.var, c.req.valid("param").id), 200));
  app.openapi(retry, async (c) => {
    const { id, delivery_id: deliveryId } = c.req.valid("param");
    const delivery = await retryDeliveryFor(c.var, id, deliveryId);
    // Sent now, after the response, ahead of whatever else is due (not with the next sweep).
    afterResponse(c.executionCtx, () => kickDelivery(c.env, c.var.config, delivery.id));
    return c.json(delivery, 202);
  });
}
