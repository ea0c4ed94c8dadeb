// POST/GET/PATCH/DELETE /webhooks, and POST /webhooks/{id}/rotate and /test: a user's key manages its
// own endpoints (another user's are 404), the admin key all of them.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { IdParam } from "../../lib/validation";
import { serializeWebhook } from "../../services/webhooks/serialize";
import { getOwnedWebhook, listWebhooks } from "../../services/webhooks/webhook-store";
import {
  createWebhookFor,
  deleteWebhookFor,
  pingWebhook,
  rotateSecretFor,
  updateWebhookFor,
} from "../../services/webhooks/webhook-use-cases";
import { errorResponse, jsonBody, jsonResponse, MessageSchema } from "../shared/responses";
import {
  CreateWebhookBody,
  PingResultSchema,
  UpdateWebhookBody,
  WebhookSchema,
  WebhookWithSecretSchema,
} from "./schema";

const tags = ["webhooks"];
const params = z.object({ id: IdParam });
const NOT_FOUND = errorResponse("No such webhook (or another user's)");

const create = createRoute({
  method: "post",
  path: "/webhooks",
  tags,
  request: { body: jsonBody(CreateWebhookBody) },
  responses: {
    201: jsonResponse(WebhookWithSecretSchema, "The endpoint, with its signing secret (shown this once)"),
    400: errorResponse("A field is missing or wrong, or the url fails the destination rules"),
    403: errorResponse("A user's key asked for another owner"),
    409: errorResponse("The owner has MAX_WEBHOOKS_PER_OWNER endpoints already (10 by default)"),
    503: errorResponse("LINK_PASSWORD_SECRET is not set (production): secrets cannot be sealed"),
  },
});

const list = createRoute({
  method: "get",
  path: "/webhooks",
  tags,
  responses: { 200: jsonResponse(z.array(WebhookSchema), "The caller's endpoints (the admin key: all), newest first") },
});

const get = createRoute({
  method: "get",
  path: "/webhooks/{id}",
  tags,
  request: { params },
  responses: { 200: jsonResponse(WebhookSchema, "The endpoint"), 404: NOT_FOUND },
});

const update = createRoute({
  method: "patch",
  path: "/webhooks/{id}",
  tags,
  request: { params, body: jsonBody(UpdateWebhookBody) },
  responses: {
    200: jsonResponse(WebhookSchema, "The endpoint as changed"),
    400: errorResponse("A field is wrong"),
    404: NOT_FOUND,
  },
});

const remove = createRoute({
  method: "delete",
  path: "/webhooks/{id}",
  tags,
  request: { params },
  responses: { 200: jsonResponse(MessageSchema, "Deleted, with its deliveries"), 404: NOT_FOUND },
});

const rotate = createRoute({
  method: "post",
  path: "/webhooks/{id}/rotate",
  tags,
  request: { params },
  responses: {
    200: jsonResponse(WebhookWithSecretSchema, "The new secret (shown this once); the previous one signs too for 24 h"),
    404: NOT_FOUND,
  },
});

const ping = createRoute({
  method: "post",
  path: "/webhooks/{id}/test",
  tags,
  request: { params },
  responses: {
    200: jsonResponse(PingResultSchema, "A signed ping was sent now: what the receiver answered"),
    400: errorResponse("The webhook is disabled"),
    404: NOT_FOUND,
  },
});

const hostOf = (url: string) => new URL(url).hostname;

export function registerWebhookEndpoints(app: OpenAPIHono<AppEnv>) {
  app.openapi(create, async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(await createWebhookFor(c.var, c.req.valid("json"), hostOf(c.req.url)), 201);
  });
  app.openapi(list, async (c) =>
    c.json(
      (await listWebhooks(c.var)).map((row) => serializeWebhook(row)),
      200,
    ),
  );
  app.openapi(get, async (c) => c.json(serializeWebhook(await getOwnedWebhook(c.var, c.req.valid("param").id)), 200));
  app.openapi(update, async (c) =>
    c.json(await updateWebhookFor(c.var, c.req.valid("param").id, c.req.valid("json"), hostOf(c.req.url)), 200),
  );
  app.openapi(remove, async (c) => {
    await deleteWebhookFor(c.var, c.req.valid("param").id);
    return c.json({ message: "webhook deleted" }, 200);
  });
  app.openapi(rotate, async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(await rotateSecretFor(c.var, c.req.valid("param").id), 200);
  });
  app.openapi(ping, async (c) => c.json(await pingWebhook(c.var, c.req.valid("param").id), 200));
}
