// The /webhooks routes, in registration order: a user's key manages its own endpoints (another
// user's are 404), the admin key all of them.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { registerCreateWebhook } from "./create-webhook";
import { registerDeleteWebhook } from "./delete-webhook";
import { registerGetWebhook } from "./get-webhook";
import { registerListWebhookDeliveries } from "./list-webhook-deliveries";
import { registerListWebhooks } from "./list-webhooks";
import { registerPingWebhook } from "./ping-webhook";
import { registerRetryWebhookDelivery } from "./retry-webhook-delivery";
import { registerRotateWebhookSecret } from "./rotate-webhook-secret";
import { registerUpdateWebhook } from "./update-webhook";

export function registerWebhookRoutes(app: OpenAPIHono<AppEnv>) {
  registerCreateWebhook(app);
  registerListWebhooks(app);
  registerGetWebhook(app);
  registerUpdateWebhook(app);
  registerDeleteWebhook(app);
  registerRotateWebhookSecret(app);
  registerPingWebhook(app);
  registerListWebhookDeliveries(app);
  registerRetryWebhookDelivery(app);
}
