// POST /{code}/unlock: the password form of a protected link. A right password earns an unlock
// cookie and goes back to the link (303; for a browser a 200 page that moves on, see unlockedPage),
// whose next GET redirects and counts the click, once; a wrong one 403 with the form again; too
// many 429 with Retry-After. Guesses are limited before any hashing, and the code's lookup pays
// the same unknown-code limit as GET /{code} (so the form is no way to enumerate codes).

import { configOrUndefined, readConfig } from "../config/env";
import { searchOf } from "../domain/redirect-decision";
import { isLinkCode } from "../domain/short-code";
import { unlockCookie } from "../domain/unlock-cookie";
import { afterResponse } from "../lib/after-response";
import { AppError, errorResponse, notFound } from "../lib/errors";
import { mediaTypeOf, readCapped } from "../lib/request-body";
import { recordRequest } from "../observability/record-request";
import { resolveRequestId } from "../observability/request-id";
import { answerFailure } from "../observability/server-errors";
import { clientIp, tooManyRequests } from "../services/auth/rate-limits";
import { type LazyDatabase, lazyDatabase } from "../services/lazy-database";
import { checkLinkPassword } from "../services/redirects/check-link-password";
import { lookUpCode, lookupClientOf } from "../services/redirects/resolve-redirect";
import { domainIdOf, hostOf, resolveSite, UNSERVED } from "../services/redirects/resolve-site";
import { redirectTo } from "./answer-redirect";
import { NO_STORE, passwordForm, unlockedPage, wantsHtml } from "./link-pages";
import { pathOf } from "./serve-redirect";

export const UNLOCK_ROUTE = "/:code/unlock";
const UNLOCK_SUFFIX = "/unlock";
/** A form with one password of at most 128 characters is far smaller. */
const FORM_MAX_BYTES = 2048;

/** The short code of a POST /{code}/unlock, or undefined for any other request. */
export function unlockCodeOf(request: Request): string | undefined {
  if (request.method !== "POST") return undefined;
  const path = pathOf(request.url);
  if (!path?.endsWith(UNLOCK_SUFFIX)) return undefined;
  const code = path.slice(1, -UNLOCK_SUFFIX.length);
  return isLinkCode(code) ? code : undefined;
}

const refuse = (status: 403 | 415, message: string) =>
  new AppError(status === 403 ? "FORBIDDEN" : "UNSUPPORTED_MEDIA_TYPE", message);

async function submittedPassword(request: Request): Promise<string> {
  // The form may only be posted from this service's own pages (CSP form-action 'self' says the same).
  // Browsers say where a request comes from in Sec-Fetch-Site; older ones only in Origin. (A proxy in
  // front, such as wrangler dev's, may rewrite request.url's host, which Sec-Fetch-Site is immune to.)
  const site = request.headers.get("Sec-Fetch-Site");
  const origin = request.headers.get("Origin");
  const crossSite =
    site !== null
      ? site === "cross-site" || site === "same-site"
      : origin !== null && origin !== new URL(request.url).origin;
  if (crossSite) throw refuse(403, "the password form can only be sent from this site");
  if (mediaTypeOf(request) !== "application/x-www-form-urlencoded") {
    throw refuse(415, "send the form as application/x-www-form-urlencoded with a password field");
  }
  const body = request.body ? await readCapped(request.body, FORM_MAX_BYTES, "form") : new Uint8Array();
  return new URLSearchParams(new TextDecoder().decode(body)).get("password") ?? "";
}

export async function serveUnlock(code: string, request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
  const startedAt = performance.now();
  const config = configOrUndefined(env);
  const requestId = resolveRequestId(request, config);
  const search = searchOf(request.url);
  let response: Response;
  let closeDatabase: LazyDatabase["closer"] | undefined;
  try {
    const settings = config ?? readConfig(env);
    const password = await submittedPassword(request);
    const { database, closer } = lazyDatabase(settings);
    closeDatabase = closer;
    const { site, fill } = await resolveSite(hostOf(request.url), settings, database);
    if (fill) afterResponse(ctx, fill);
    if (site === UNSERVED) throw notFound("not found");
    // The same unknown-code limit as GET /{code}: the form is no way around it (ADR 10).
    const address = { domainId: domainIdOf(site), code };
    const resolution = await lookUpCode(env, address, settings, database, lookupClientOf(request));
    if (resolution.fill) afterResponse(ctx, resolution.fill);
    if (resolution.limited) throw tooManyRequests("lookup");
    const record = resolution.record;
    const back = `/${encodeURIComponent(code)}${search}`;
    if (record === null) {
      response = errorResponse({ status: 404, message: "not found", headers: NO_STORE }, requestId);
    } else if (record.password === null) {
      // Nothing to unlock (any more): back to the link.
      response = redirectTo(back, requestId, undefined, 303);
    } else if (settings.unlockSecret === null) {
      const message = "password-protected links are not configured here (LINK_PASSWORD_SECRET is not set)";
      response = passwordForm(code, search, requestId, { status: 503, message });
    } else {
      const link = { id: record.id, code, version: record.password };
      const check = await checkLinkPassword(env, ctx, database, link, password, clientIp(request), requestId);
      if (check.result === "right") {
        const cookie = await unlockCookie(settings.unlockSecret, link, request.url.startsWith("https:"));
        response = wantsHtml(request)
          ? unlockedPage(back, cookie, requestId)
          : redirectTo(back, requestId, cookie, 303);
      } else if (check.result === "wrong") {
        response = passwordForm(code, search, requestId, { status: 403, message: "That password is not right." });
      } else if (check.result === "limited") {
        const minutes = Math.ceil(check.retryAfterSeconds / 60);
        const message = `Too many wrong passwords: try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
        response = passwordForm(code, search, requestId, {
          status: 429,
          message,
          retryAfterSeconds: check.retryAfterSeconds,
        });
      } else {
        const message = "Passwords cannot be checked right now: try again shortly.";
        response = passwordForm(code, search, requestId, { status: 503, message, retryAfterSeconds: 5 });
      }
    }
  } catch (error) {
    response = errorResponse(answerFailure(error, { request, env, ctx, requestId, route: UNLOCK_ROUTE }), requestId);
  } finally {
    const close = closeDatabase?.();
    if (close) afterResponse(ctx, close);
  }
  recordRequest({ env, config, ctx, request, requestId, startedAt, route: UNLOCK_ROUTE, status: response.status });
  return response;
}
