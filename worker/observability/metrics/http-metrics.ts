// Request and redirect metrics, with labels mapped onto closed sets.
import { METRICS } from "./definitions";
import { countRequestInWindow, countTierInWindow } from "./minute-window";
import { incrementCounter, observeHistogram } from "./recorder";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
const SYSTEM_ROUTES = new Set([
  "/health",
  "/openapi.json",
  "/prometheus",
  "/metrics",
  "/metrics/history",
  "/logs",
  "/alert-status",
  "/dashboard",
]);
const IMPORT_ROUTES = new Set(["/users/bulk", "/urls/bulk"]);
export const REDIRECT_ROUTE = "/:code";
export const UNMATCHED_ROUTE = "unmatched";

/** Hono's route path without parameter patterns ("/users/:id{[0-9]+}" → "/users/:id"). */
export function routeTemplate(routePath: string | undefined): string {
  if (!routePath || routePath === "*" || routePath === "/*") return UNMATCHED_ROUTE;
  return routePath.replace(/\{[^}]*\}/g, "");
}

export function routeGroup(route: string): "redirect" | "api" | "import" | "system" | "unmatched" {
  if (route === REDIRECT_ROUTE) return "redirect";
  if (route === UNMATCHED_ROUTE) return "unmatched";
  if (IMPORT_ROUTES.has(route)) return "import";
  if (SYSTEM_ROUTES.has(route)) return "system";
  return "api";
}

export function recordHttpRequest(route: string, method: string, status: number, seconds: number): void {
  incrementCounter(METRICS.httpRequests, {
    route,
    method: METHODS.has(method) ? method : "OTHER",
    status_class: `${Math.floor(status / 100)}xx`,
  });
  observeHistogram(
    METRICS.httpRequestDuration,
    { route_group: routeGroup(route), result: status >= 500 ? "error" : "success" },
    seconds,
  );
  countRequestInWindow(route === REDIRECT_ROUTE, status, seconds);
}

export type RedirectOutcome = "found" | "unknown" | "error";

export function recordRedirect(tier: "isolate" | "redis" | "database" | "none", outcome: RedirectOutcome): void {
  incrementCounter(METRICS.redirects, { tier, outcome });
  countTierInWindow(tier);
}

export type CacheName = "user" | "url" | "user_list" | "url_list";

/** A lookup in the Redis entity cache (users, urls and list pages); redirects have their own counter. */
export function recordCacheLookup(cache: CacheName, hit: boolean): void {
  incrementCounter(METRICS.cacheLookups, { cache, result: hit ? "hit" : "miss" });
}
