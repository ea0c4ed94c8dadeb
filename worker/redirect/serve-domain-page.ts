// Everything a custom domain answers besides its links: its root (root_redirect, or a plain page), its
// app-association files, and a 404 page for any other path. The management API, /dashboard and the
// metrics answer only on the service's own hosts: on a custom domain they are that 404, like a path
// that does not exist. A host no domain serves gets the same 404 page for every path.
import type { Config } from "../config/env";
import { configOrUndefined } from "../config/env";
import type { DomainSite } from "../domain/domain-site";
import { afterResponse } from "../lib/after-response";
import { errorResponse } from "../lib/errors";
import { recordRequest } from "../observability/record-request";
import { resolveRequestId } from "../observability/request-id";
import { answerFailure } from "../observability/server-errors";
import { appFileNamed, appFileOf } from "../services/domains/app-files";
import { type LazyDatabase, lazyDatabase } from "../services/lazy-database";
import { hostOf, resolveSite, siteFromIsolate, UNSERVED } from "../services/redirects/resolve-site";
import { blockedAtRedirect } from "../services/urls/destination-policy";
import { redirectTo } from "./answer-redirect";
import { disabledLink, domainRoot, NO_STORE, nothingHere } from "./link-pages";
import { pathOf } from "./serve-redirect";

/** The route label of every answer a custom domain gives outside its links (bounded: no hostname). */
export const DOMAIN_PAGE_ROUTE = "custom_domain";

/** Whether the request is for the app (the service's own hosts), known from memory alone. */
export function servesApp(request: Request, env: Env): boolean {
  const config = configOrUndefined(env);
  // A broken configuration is the app's to answer (a 500 that says what is wrong).
  return config === undefined || siteFromIsolate(hostOf(request.url), config) === null;
}

interface PageRequest {
  request: Request;
  config: Config;
  database: LazyDatabase["database"];
  requestId: string;
}

async function domainPage(site: DomainSite, { request, config, database, requestId }: PageRequest) {
  if (request.method !== "GET" && request.method !== "HEAD") return nothingHere(request, requestId);
  const path = pathOf(request.url) ?? "/";
  if (path === "/") {
    if (site.rootRedirect === null) return domainRoot(requestId);
    return blockedAtRedirect(site.rootRedirect, config.destinationPolicy)
      ? disabledLink(requestId)
      : redirectTo(site.rootRedirect, requestId);
  }
  const file = appFileNamed(path);
  const body = file === undefined ? null : await appFileOf(database, site, file);
  if (body === null) return nothingHere(request, requestId);
  // Served as stored, never redirected: Apple and Google fetch these directly and follow no redirect.
  return new Response(request.method === "HEAD" ? null : body, {
    headers: { "Content-Type": "application/json", ...NO_STORE },
  });
}

/**
 * A request that is not for a link on a host that is not known (from memory) to be the service's
 * own: the app when the host turns out to be the default domain, else the domain's page or the 404.
 */
export async function serveDomainRequest(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  app: { fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> },
): Promise<Response> {
  const config = configOrUndefined(env);
  if (config === undefined) return app.fetch(request, env, ctx);
  const startedAt = performance.now();
  const requestId = resolveRequestId(request, config);
  const { database, closer } = lazyDatabase(config);
  let response: Response;
  try {
    const { site, fill } = await resolveSite(hostOf(request.url), config, database);
    if (fill) afterResponse(ctx, fill);
    if (site === null) return await app.fetch(request, env, ctx);
    response =
      site === UNSERVED
        ? nothingHere(request, requestId)
        : await domainPage(site, { request, config, database, requestId });
  } catch (error) {
    response = errorResponse(
      answerFailure(error, { request, env, ctx, requestId, route: DOMAIN_PAGE_ROUTE }),
      requestId,
    );
  } finally {
    const close = closer();
    if (close) afterResponse(ctx, close);
  }
  recordRequest({ env, config, ctx, request, requestId, startedAt, route: DOMAIN_PAGE_ROUTE, status: response.status });
  return response;
}
