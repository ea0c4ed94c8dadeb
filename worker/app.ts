// Builds the Hono app: middleware, the one error handler, and every router.
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./app-env";
import { AppError, plainError } from "./lib/errors";
import { validationHook } from "./lib/validation";
import { authenticate } from "./middleware/authenticate";
import { dependencies } from "./middleware/dependencies";
import { errorHandler } from "./middleware/error-handler";
import { PROTECTED_OBSERVABILITY_PATHS, requireMetricsToken } from "./middleware/metrics-auth";
import { limitWrites } from "./middleware/rate-limit";
import { requestId } from "./middleware/request-id";
import { requestLog } from "./middleware/request-log";
import { requireWellFormedJson } from "./middleware/text-integrity";
import { registerEventRoutes } from "./routes/events";
import { registerFollowShortCodeDoc } from "./routes/redirect/follow-short-code";
import { registerAlertStatus } from "./routes/system/alert-status";
import { registerDashboard } from "./routes/system/dashboard";
import { registerHealth } from "./routes/system/health";
import { registerLogs } from "./routes/system/logs";
import { registerMetricsHistory } from "./routes/system/metrics-history";
import { registerMetricsSummary } from "./routes/system/metrics-summary";
import { registerPrometheus } from "./routes/system/prometheus";
import { registerUrlRoutes } from "./routes/urls";
import { registerUserRoutes } from "./routes/users";

// JSON bodies are small; CSV imports have their own cap (MAX_IMPORT_BYTES).
const JSON_BODY_MAX_BYTES = 64 * 1024;
const BULK_PATHS = new Set(["/users/bulk", "/urls/bulk"]);
const MANAGEMENT_PATH = /^\/(users|urls|events|shorten)(\/|$)/;

// Every path the API knows; a known path with the wrong method is a 405, as in the seed.
const KNOWN_PATHS = [
  "/health",
  "/prometheus",
  "/logs",
  "/metrics",
  "/metrics/history",
  "/alert-status",
  "/dashboard",
  "/openapi.json",
  "/users",
  "/users/bulk",
  "/users/:id{[0-9]+}",
  "/users/:id{[0-9]+}/urls",
  "/users/:id{[0-9]+}/api-keys",
  "/users/:id{[0-9]+}/api-keys/:key_id{[0-9]+}",
  "/urls",
  "/urls/bulk",
  "/urls/:id{[0-9]+}",
  "/urls/:id{[0-9]+}/events",
  "/urls/:id{[0-9]+}/stats",
  "/shorten",
  "/events",
  "/events/:id{[0-9]+}",
];

export function buildApp() {
  const app = new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

  app.use(requestId);
  app.use(requestLog);
  app.use(dependencies);
  // The management API; redirects, health and the observability endpoints have their own rules.
  app.use(async (c, next) => (MANAGEMENT_PATH.test(c.req.path) ? authenticate(c, next) : next()));
  app.use(async (c, next) => (MANAGEMENT_PATH.test(c.req.path) ? limitWrites(c, next) : next()));
  const jsonLimit = bodyLimit({
    maxSize: JSON_BODY_MAX_BYTES,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", `request body too large: the limit is ${JSON_BODY_MAX_BYTES} bytes`);
    },
  });
  app.use(async (c, next) => (BULK_PATHS.has(c.req.path) ? next() : jsonLimit(c, next)));
  // CSV imports read their own body (and check its UTF-8 as they go).
  app.use(async (c, next) =>
    MANAGEMENT_PATH.test(c.req.path) && !BULK_PATHS.has(c.req.path) ? requireWellFormedJson(c, next) : next(),
  );

  for (const path of PROTECTED_OBSERVABILITY_PATHS) app.use(path, requireMetricsToken);
  registerHealth(app);
  registerPrometheus(app);
  registerLogs(app);
  registerMetricsSummary(app);
  registerMetricsHistory(app);
  registerDashboard(app);
  registerAlertStatus(app);
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Linkscope API", version: "0.1.0", description: "URL shortener management API and redirects" },
  });
  registerUserRoutes(app);
  registerUrlRoutes(app);
  registerEventRoutes(app);
  const methodNotAllowed = () => plainError(405, "method not allowed");
  // Before the redirect route, so "/shorten" with GET is a 405 and not a lookup of code "shorten".
  for (const path of KNOWN_PATHS) app.all(path, methodNotAllowed);
  registerFollowShortCodeDoc(app);
  // Single segments that are not codes (favicon.ico, reserved names): 404 to reads, 405 to writes.
  app.all("/:code", (c) =>
    c.req.method === "GET" || c.req.method === "HEAD" ? plainError(404, "not found") : methodNotAllowed(),
  );
  app.notFound(() => plainError(404, "not found"));
  app.onError(errorHandler);
  return app;
}
