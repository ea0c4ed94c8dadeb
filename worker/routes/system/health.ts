// GET /health: each dependency's status and latency. 200 while redirects can still be served
// (Postgres up, or Redis up to serve cached links); 503 only when neither answers.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { checkDependencies } from "../../services/health/check-dependencies";
import { requires } from "../shared/permissions";
import { jsonResponse } from "../shared/responses";

const CheckSchema = z.object({
  status: z.enum(["ok", "down", "disabled"]),
  latency_ms: z.number().nullable(),
  circuit: z.enum(["closed", "open", "half-open"]).optional(),
  detail: z.string().optional().openapi({ description: "What to do, when the cause is known" }),
});

const HealthSchema = z
  .object({
    status: z.enum(["ok", "degraded", "down"]),
    version: z.string(),
    checks: z.object({ database: CheckSchema, redis: CheckSchema }),
  })
  .openapi("Health");

const route = createRoute({
  method: "get",
  path: "/health",
  ...requires("public"),
  tags: ["system"],
  responses: {
    200: jsonResponse(HealthSchema, "Redirects can be served (status ok or degraded)"),
    503: jsonResponse(HealthSchema, "Neither Postgres nor Redis answers"),
  },
});

export function registerHealth(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const health = await checkDependencies(c.var.cache.redis, c.var.config.DATABASE_URL ? c.var.database : undefined);
    const body = { status: health.status, version: c.var.config.APP_VERSION, checks: health.checks };
    c.header("Cache-Control", "no-store");
    return health.status === "down" ? c.json(body, 503) : c.json(body, 200);
  });
}
