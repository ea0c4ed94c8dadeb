import type { Context } from "hono";
import { matchedRoutes } from "hono/route";
import { routeTemplate } from "../observability/metrics/http-metrics";

const isWildcard = (path: string) => path === "*" || path === "/*";

/**
 * The template of the route a request matched. c.req.routePath names the handler that ran
 * last, which is a "*" middleware when one of them failed before the route's own handler ran:
 * then the first concrete route the path matched is the one the request was for.
 */
export function requestRouteTemplate(c: Context): string {
  const current = c.req.routePath;
  if (current && !isWildcard(current)) return routeTemplate(current);
  return routeTemplate(matchedRoutes(c).find((route) => !isWildcard(route.path))?.path);
}
