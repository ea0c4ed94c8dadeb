// Builds the Hono app: middleware, the one error handler, and every router.
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "./app-env";
import { APP_FILE_MAX_BYTES } from "./contracts/domains";
import type { Permission } from "./domain/permissions";
import { AppError, plainError } from "./lib/errors";
import { authenticate } from "./middleware/authenticate";
import { dependencies } from "./middleware/dependencies";
import { errorHandler } from "./middleware/error-handler";
import { requireMetricsToken } from "./middleware/metrics-auth";
import { limitWrites } from "./middleware/rate-limit";
import { requestId } from "./middleware/request-id";
import { requestLog } from "./middleware/request-log";
import { requireScope } from "./middleware/require-scope";
import { requireWellFormedJson } from "./middleware/text-integrity";
import { kickWebhooksAfterWrite } from "./middleware/webhook-kick";
import { defineRouteGroups } from "./observability/metrics/http-metrics";
import { registerAuthRoutes } from "./routes/auth";
import { registerDomainRoutes } from "./routes/domains";
import { registerEventRoutes } from "./routes/events";
import { registerInvitationRoutes } from "./routes/invitations";
import { registerFollowShortCodeDoc } from "./routes/redirect/follow-short-code";
import { validationHook } from "./routes/shared/validation-hook";
import { registerAlertStatus } from "./routes/system/alert-status";
import { registerDashboard } from "./routes/system/dashboard";
import { registerHealth } from "./routes/system/health";
import { registerLogs } from "./routes/system/logs";
import { registerMetricsHistory } from "./routes/system/metrics-history";
import { registerMetricsSummary } from "./routes/system/metrics-summary";
import { registerPrometheus } from "./routes/system/prometheus";
import { registerTagRoutes } from "./routes/tags";
import { registerUrlRoutes } from "./routes/urls";
import { registerBulkImportUrls } from "./routes/urls/bulk-import-urls";
import { registerImportUrls } from "./routes/urls/import-urls";
import { registerUserRoutes } from "./routes/users";
import { registerBulkImportUsers } from "./routes/users/bulk-import-users";
import { registerWebhookRoutes } from "./routes/webhooks";
import { registerWorkspaceRoutes } from "./routes/workspaces";
import { registerWebApp } from "./web/web-routes";

// JSON bodies are small; CSV imports have their own cap (MAX_IMPORT_BYTES).
const JSON_BODY_MAX_BYTES = 64 * 1024;

type Router = OpenAPIHono<AppEnv>;
const newRouter = (): Router => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

/** The paths a router registered (its routes, not its middleware), each once. */
export function routePaths(router: { routes: { method: string; path: string }[] }): string[] {
  return [...new Set(router.routes.filter((route) => route.method !== "ALL").map((route) => route.path))];
}

/**
 * Each path's permission per method, from the routers' OpenAPI definitions (x-permission), keyed by the
 * Hono path ("/urls/:id").
 */
function permissionsByPath(routerList: Router[]): Map<string, Map<string, Permission>> {
  const byPath = new Map<string, Map<string, Permission>>();
  for (const router of routerList) {
    for (const definition of router.openAPIRegistry.definitions) {
      if (definition.type !== "route") continue;
      const route = definition.route as { method: string; path: string; "x-permission"?: Permission };
      const permission = route["x-permission"];
      if (permission === undefined) continue;
      const path = route.path.replace(/\{(\w+)\}/g, ":$1");
      const methods = byPath.get(path) ?? new Map<string, Permission>();
      methods.set(route.method.toUpperCase(), permission);
      byPath.set(path, methods);
    }
  }
  return byPath;
}

/** Writes to these paths may make webhook deliveries due (link events, tag changes, manual retries). */
const makesWebhookEvents = (path: string) => /^\/(urls|shorten|webhooks|tags)\b/.test(path);

// Every id in this API's paths is a number ("/users/abc" is no known path: a 404, never a 405), but a
// webhook delivery's, a UUID: its middleware must match any segment there, or the path would run
// without them (no key checked, no write limit). Its route answers a malformed one 404.
const numericParams = (path: string) =>
  path.replace(/:(\w+)/g, (_, name: string) => (name === "delivery_id" ? `:${name}` : `:${name}{[0-9]+}`));

/**
 * The routers, one per kind of route. Their registered paths are the one list of paths: the
 * middleware each kind needs, the 405s, the metric route groups and the reserved short codes
 * (tests/unit/reserved-paths.test.ts) are all derived from them.
 */
function routers() {
  const observability = newRouter(); // traffic and internals: METRICS_TOKEN once it is set
  registerPrometheus(observability);
  registerLogs(observability);
  registerMetricsSummary(observability);
  registerMetricsHistory(observability);
  registerAlertStatus(observability);
  const publicSystem = newRouter(); // /dashboard is a static page: it asks for the token itself
  registerHealth(publicSystem);
  registerDashboard(publicSystem);
  const imports = newRouter(); // CSV bodies: their own size cap and UTF-8 check
  registerBulkImportUsers(imports);
  registerBulkImportUrls(imports);
  registerImportUrls(imports);
  const management = newRouter();
  registerUserRoutes(management);
  registerUrlRoutes(management);
  registerEventRoutes(management);
  registerWebhookRoutes(management);
  registerDomainRoutes(management);
  registerTagRoutes(management);
  registerWorkspaceRoutes(management);
  registerAuthRoutes(management);
  registerInvitationRoutes(management);
  return { observability, publicSystem, imports, management };
}

export function buildApp() {
  const app = newRouter();
  const { observability, publicSystem, imports, management } = routers();
  const importPaths = new Set(routePaths(imports));
  const managementPaths = [...routePaths(management), ...importPaths];

  app.use(requestId);
  app.use(requestLog);
  app.use(dependencies);
  // Keys and write limits on the management API; redirects, health and observability have their own rules.
  // Paths with their numeric ids, so "/users/:id" does not also match "/users/bulk".
  const permissions = permissionsByPath([management, imports]);
  for (const path of managementPaths) {
    app.use(numericParams(path), authenticate, requireScope(path, permissions.get(path) ?? new Map()), limitWrites);
  }
  for (const path of managementPaths.filter(makesWebhookEvents)) app.use(numericParams(path), kickWebhooksAfterWrite);
  const limitOf = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError("PAYLOAD_TOO_LARGE", `request body too large: the limit is ${maxSize} bytes`);
      },
    });
  const jsonLimit = limitOf(JSON_BODY_MAX_BYTES);
  // A domain's two app-association files may be APP_FILE_MAX_BYTES each, each checked by its field.
  const domainLimit = limitOf(2 * APP_FILE_MAX_BYTES + JSON_BODY_MAX_BYTES);
  app.use(async (c, next) => {
    if (importPaths.has(c.req.path)) return next();
    return c.req.path.startsWith("/domains") ? domainLimit(c, next) : jsonLimit(c, next);
  });
  // CSV imports read their own body (and check its UTF-8 as they go).
  for (const path of routePaths(management)) app.use(numericParams(path), requireWellFormedJson);
  for (const path of routePaths(observability)) app.use(numericParams(path), requireMetricsToken);

  app.route("/", observability);
  app.route("/", publicSystem);
  app.doc31("/openapi.json", {
    openapi: "3.1.0",
    info: { title: "Linkscope API", version: "0.1.0", description: "URL shortener management API and redirects" },
  });
  app.route("/", imports);
  app.route("/", management);
  defineRouteGroups({
    system: [...routePaths(observability), ...routePaths(publicSystem), "/openapi.json"],
    import: [...importPaths],
  });

  const methodNotAllowed = () => plainError(405, "method not allowed");
  // A known path with the wrong method is a 405, as in the seed. Before the redirect route, so
  // "/shorten" with GET is a 405 and not a lookup of code "shorten".
  for (const path of routePaths(app)) app.all(numericParams(path), methodNotAllowed);
  registerFollowShortCodeDoc(app);
  registerWebApp(app);
  // Single segments that are not codes (favicon.ico, reserved names): 404 to reads, 405 to writes.
  app.all("/:code", (c) =>
    c.req.method === "GET" || c.req.method === "HEAD" ? plainError(404, "not found") : methodNotAllowed(),
  );
  app.notFound(() => plainError(404, "not found"));
  app.onError(errorHandler);
  return app;
}

/** Every path the API serves (the redirect route aside): what the reserved short codes must cover. */
export function apiPaths(): string[] {
  const { observability, publicSystem, imports, management } = routers();
  return [observability, publicSystem, imports, management].flatMap(routePaths).concat("/openapi.json");
}
