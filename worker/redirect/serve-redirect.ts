// GET /{code}: the hot path. Served before the Hono router is involved, so a redirect found in
// the isolate's memory costs a map lookup, the link's rules checked against the clock, a sampled
// log line and nothing else: no Redis, no Postgres, no Durable Object (a capped link's click
// reservation excepted). Cache fills and closing the database run after the response is built.

import { type Config, configOrUndefined, readConfig } from "../config/env";
import type { DomainSite } from "../domain/domain-site";
import { linkKey } from "../domain/link-key";
import { isLinkCode } from "../domain/short-code";
import { afterResponse } from "../lib/after-response";
import { errorResponse } from "../lib/errors";
import { METRICS } from "../observability/metrics/definitions";
import { REDIRECT_ROUTE, type RedirectOutcome, recordRedirect } from "../observability/metrics/http-metrics";
import { incrementCounter } from "../observability/metrics/recorder";
import { type FinishedRequest, recordRequest } from "../observability/record-request";
import { resolveRequestId } from "../observability/request-id";
import { answerFailure } from "../observability/server-errors";
import { tooManyRequests } from "../services/auth/rate-limits";
import { buildClick } from "../services/clicks/click";
import { recordClick } from "../services/clicks/record-click";
import { countUnknownCode } from "../services/domains/domain-misses";
import { type LazyDatabase, lazyDatabase } from "../services/lazy-database";
import { type CacheTier, isolateAnswer, lookUpCode, lookupClientOf } from "../services/redirects/resolve-redirect";
import { domainIdOf, hostOf, resolveSite, siteFromIsolate, UNSERVED } from "../services/redirects/resolve-site";
import { answerCappedRedirect, answerWithoutIo, isLocked, isPending, type RedirectAnswer } from "./answer-redirect";
import { nothingHere } from "./link-pages";
import { answerProtectedRedirect } from "./protected-link";

/** A request URL's path without its query, read from the string (no URL parsing on the hot path). */
export function pathOf(url: string): string | undefined {
  const pathStart = url.indexOf("/", url.indexOf("//") + 2);
  if (pathStart < 0) return undefined;
  const queryStart = url.indexOf("?", pathStart);
  return url.slice(pathStart, queryStart < 0 ? undefined : queryStart);
}

/** The short code a request asks for, or undefined when it is not a redirect request. */
export function redirectCodeOf(request: Request): string | undefined {
  if (request.method !== "GET" && request.method !== "HEAD") return undefined;
  const code = pathOf(request.url)?.slice(1);
  return code !== undefined && isLinkCode(code) ? code : undefined;
}

/**
 * Whether a redirect gets its log line. Answers from a cache tier (the isolate or Redis: a link, or a
 * code known not to exist) are sampled (LOG_REDIRECT_HIT_SAMPLE); anything else, refusals and answers
 * that needed Postgres included, always is logged.
 */
function logsRedirect(tier: CacheTier | undefined, status: number, config: Config | undefined): boolean {
  const sample = config?.LOG_REDIRECT_HIT_SAMPLE ?? 1;
  if (sample >= 1 || (tier !== "isolate" && tier !== "redis") || (status !== 302 && status !== 404)) return true;
  return Math.random() < sample;
}

/** After every redirect: its click (when one was served), its outcome, and what every request records. */
type RedirectContext = Pick<FinishedRequest, "env" | "config" | "ctx" | "request" | "requestId" | "startedAt">;

/** The link a redirect served: its id and code, for its click. */
interface ServedLink {
  id: number;
  code: string;
}

function finishRedirect(
  link: ServedLink | undefined,
  answer: RedirectAnswer,
  tier: CacheTier | undefined,
  context: RedirectContext,
  site: DomainSite | null = null,
) {
  const { env, ctx, request, config, requestId } = context;
  const { response, click } = answer;
  if (site !== null) countOnCustomDomain(site, answer.outcome, context);
  // Every redirect to a link's destination is a click, recorded through the queue after the response.
  if (click && link && env.CLICKS && ctx)
    recordClick(env, ctx, "id" in click ? click : buildClick(request, link, Date.now(), click), request, requestId);
  // Counted even when the configuration is broken (that answer is a 500 worth seeing).
  if (config?.metricsEnabled ?? true) recordRedirect(tier ?? "none", answer.outcome);
  const logLine = logsRedirect(tier, response.status, config);
  recordRequest({ ...context, route: REDIRECT_ROUTE, status: response.status, cacheTier: tier, logLine });
}

/** A redirect on a custom domain: counted without its hostname; an unknown code counted per domain (in Redis). */
function countOnCustomDomain(site: DomainSite, outcome: RedirectOutcome, { config, ctx }: RedirectContext) {
  if (!(config?.metricsEnabled ?? true)) return;
  incrementCounter(METRICS.customDomainRedirects, { outcome });
  if (config && ctx && outcome === "unknown") afterResponse(ctx, () => countUnknownCode(config, site.id, Date.now()));
}

/**
 * Answers from the isolate tier synchronously (no promise, no cache objects, no I/O; the
 * configuration is the isolate's parsed one), or returns undefined so the caller takes serveRedirect.
 */
export function serveRedirectFromIsolate(
  code: string,
  request: Request,
  env: Env,
  ctx: ExecutionContext,
): Response | undefined {
  // A broken configuration is answered (500) by the async path.
  const config = configOrUndefined(env);
  if (config === undefined) return undefined;
  // The host's domain, from memory (a host nobody serves is answered by the async path).
  const site = siteFromIsolate(hostOf(request.url), config);
  if (site === undefined || site === UNSERVED) return undefined;
  const local = isolateAnswer(site === null ? code : linkKey(site.id, code));
  if (local === undefined) return undefined;
  // Unknown codes go the async way while rate limits are on: their lookups are limited per IP.
  // So does a capped link (its click is reserved with a Durable Object), and a protected one.
  if (local === null ? config.rateLimitsOn : local.maxClicks !== null || local.password !== null) return undefined;
  const startedAt = performance.now();
  const requestId = resolveRequestId(request, config);
  const answer = answerWithoutIo(local, request, config, requestId, Date.now(), site);
  if (isPending(answer) || isLocked(answer)) return undefined;
  const link = local === null ? undefined : { id: local.id, code };
  finishRedirect(link, answer, "isolate", { env, config, ctx, request, requestId, startedAt }, site);
  return answer.response;
}

/** What the async path found: the answer, the tier that knew the link, and the link (for its click). */
interface Served extends RedirectAnswer {
  tier?: CacheTier | undefined;
  link?: ServedLink | undefined;
}

interface LinkRequest {
  code: string;
  request: Request;
  env: Env;
  ctx: ExecutionContext;
  config: Config;
  requestId: string;
  database: LazyDatabase["database"];
}

/** A link on a site: its lookup (behind the unknown-code limit), then its answer, I/O included. */
async function serveLink(site: DomainSite | null, linkRequest: LinkRequest): Promise<Served> {
  const { code, request, env, ctx, config, requestId, database } = linkRequest;
  // Limit first: a client already refused gets no Postgres round trip for codes no cache knows.
  const address = { domainId: domainIdOf(site), code };
  const resolution = await lookUpCode(env, address, config, database, lookupClientOf(request));
  const tier = resolution.tier;
  if (resolution.fill) afterResponse(ctx, resolution.fill);
  if (resolution.limited) {
    const refusal = errorResponse(
      answerFailure(tooManyRequests("lookup"), { request, env, ctx, requestId, route: REDIRECT_ROUTE }),
      requestId,
    );
    return { response: refusal, outcome: "limited", tier };
  }
  const link = resolution.record ? { id: resolution.record.id, code } : undefined;
  const now = Date.now();
  const first = answerWithoutIo(resolution.record, request, config, requestId, now, site);
  const answer = isLocked(first)
    ? await answerProtectedRedirect(code, first.locked, request, { env, ctx, database, config, requestId, now, site })
    : first;
  const done = isPending(answer)
    ? await answerCappedRedirect(env, code, answer, request, config, requestId, now)
    : answer;
  return { ...done, tier, link };
}

export async function serveRedirect(
  code: string,
  request: Request,
  env: Env,
  ctx: ExecutionContext,
): Promise<Response> {
  const startedAt = performance.now();
  // Read once; a broken configuration is answered below (readConfig throws what it found).
  const config = configOrUndefined(env);
  const requestId = resolveRequestId(request, config);
  let served: Served;
  let servedSite: DomainSite | null = null;
  let closeDatabase: LazyDatabase["closer"] | undefined;
  try {
    const settings = config ?? readConfig(env);
    const { database, closer } = lazyDatabase(settings);
    closeDatabase = closer;
    const { site, fill } = await resolveSite(hostOf(request.url), settings, database);
    if (fill) afterResponse(ctx, fill);
    if (site !== UNSERVED) servedSite = site;
    served =
      site === UNSERVED
        ? { response: nothingHere(request, requestId), outcome: "unserved_host" }
        : await serveLink(site, { code, request, env, ctx, config: settings, requestId, database });
  } catch (error) {
    const failure = answerFailure(error, { request, env, ctx, requestId, route: REDIRECT_ROUTE });
    served = { response: errorResponse(failure, requestId), outcome: "error" };
  } finally {
    const close = closeDatabase?.();
    if (close) afterResponse(ctx, close);
  }
  const context = { env, config, ctx, request, requestId, startedAt };
  finishRedirect(served.link, served, served.tier, context, servedSite);
  return served.response;
}
