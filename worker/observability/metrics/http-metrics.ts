// Request and redirect metrics, with labels mapped onto closed sets.
import { METRICS } from "./definitions";
import { countRedirectInWindow, countRequestInWindow } from "./minute-window";
import {
  counterSeries,
  histogramSeries,
  incrementCounter,
  observePrepared,
  type PreparedHistogram,
  type SeriesDelta,
} from "./recorder";
import type { RedirectOutcome } from "./redirect-outcomes.ts";

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);
// Which routes are system and import routes: set once by buildApp from its routers.
let systemRoutes = new Set<string>();
let importRoutes = new Set<string>();

/** The route templates of the system and import routers (worker/app.ts), for the route_group label. */
export function defineRouteGroups(groups: { system: string[]; import: string[] }): void {
  systemRoutes = new Set(groups.system.map(routeTemplate));
  importRoutes = new Set(groups.import.map(routeTemplate));
}

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
  if (importRoutes.has(route)) return "import";
  if (systemRoutes.has(route)) return "system";
  return "api";
}

// Every request passes here, cached redirects included: its series are prepared once per route,
// method and status, and found again with number keys only (no label objects, no strings).
const METHOD_INDEX: Record<string, number> = { GET: 0, HEAD: 1, POST: 2, PUT: 3, PATCH: 4, DELETE: 5, OPTIONS: 6 };
const OTHER_METHOD = 7;

interface RequestSeries {
  counter: SeriesDelta;
  duration: PreparedHistogram;
}

const requestSeries = new Map<string, Map<number, RequestSeries>>();

/**
 * A deliberate refusal, not a service the request was owed: 401 (a password or key missing), 403 (a
 * wrong password, a blocked destination, another's resource) and 429 (limited). Some take time on
 * purpose (a wrong password is a PBKDF2 hash), so they are timed apart (`result="refused"`) and
 * left out of the redirect SLIs: a flood of them must not page anyone.
 */
export const isRefusal = (status: number): boolean => status === 401 || status === 403 || status === 429;

function prepareRequestSeries(route: string, method: string, status: number): RequestSeries {
  const failed = status >= 500;
  return {
    counter: counterSeries(METRICS.httpRequests, {
      route,
      method: METHODS.has(method) ? method : "OTHER",
      status_class: `${Math.floor(status / 100)}xx`,
    }),
    duration: histogramSeries(METRICS.httpRequestDuration, {
      route_group: routeGroup(route),
      result: failed ? "error" : isRefusal(status) ? "refused" : "success",
    }),
  };
}

export function recordHttpRequest(route: string, method: string, status: number, seconds: number): void {
  let byRoute = requestSeries.get(route);
  if (!byRoute) {
    byRoute = new Map();
    requestSeries.set(route, byRoute);
  }
  const key = status * 8 + (METHOD_INDEX[method] ?? OTHER_METHOD);
  let series = byRoute.get(key);
  if (!series) {
    series = prepareRequestSeries(route, method, status);
    byRoute.set(key, series);
  }
  series.counter.value += 1;
  observePrepared(series.duration, seconds);
  // A refused redirect request (isRefusal) is not a redirect the service owes anyone: it stays out
  // of the redirect SLIs, so a flood past a limit or of wrong passwords cannot page anyone.
  countRequestInWindow(route === REDIRECT_ROUTE && !isRefusal(status), status, seconds);
}

export type { RedirectOutcome } from "./redirect-outcomes.ts";

type Tier = "isolate" | "redis" | "database" | "none";

const redirectSeries = new Map<string, SeriesDelta>();

export function recordRedirect(tier: Tier, outcome: RedirectOutcome): void {
  const key = tier + outcome;
  let series = redirectSeries.get(key);
  if (!series) {
    series = counterSeries(METRICS.redirects, { tier, outcome });
    redirectSeries.set(key, series);
  }
  series.value += 1;
  countRedirectInWindow(tier, outcome);
}

export type CacheName = "user" | "url" | "user_list" | "url_list";

/** A lookup in the Redis entity cache (users, urls and list pages); redirects have their own counter. */
export function recordCacheLookup(cache: CacheName, hit: boolean): void {
  incrementCounter(METRICS.cacheLookups, { cache, result: hit ? "hit" : "miss" });
}
