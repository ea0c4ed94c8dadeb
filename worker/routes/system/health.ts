// GET /health: liveness (answers without touching any dependency)
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { jsonResponse } from "../shared/responses";

const HealthSchema = z.object({ status: z.literal("ok"), version: z.string() }).openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  tags: ["system"],
  responses: { 200: jsonResponse(HealthSchema, "The worker is up") },
});

export function registerHealth(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, (c) => c.json({ status: "ok" as const, version: c.var.config.APP_VERSION }, 200));
}
