import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { registerWebhookDeliveries } from "./deliveries";
import { registerWebhookEndpoints } from "./endpoints";

export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>) {
  registerWebhookEndpoints(app);
  registerWebhookDeliveries(app);
}
