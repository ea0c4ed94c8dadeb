// A password-protected link asked for with GET: unlocked by a cookie from the form (an HMAC
// check, no hashing, no Postgres) or by a password in a header (limited, then hashed); otherwise
// a browser gets the form, a link preview or bot the same generic card, an API client a 401.

import type { Config } from "../config/env";
import type { DomainSite } from "../domain/domain-site";
import { givenPassword, PASSWORD_HEADER } from "../domain/link-credentials";
import type { LinkRecord } from "../domain/link-record";
import { searchOf } from "../domain/redirect-decision";
import { hasUnlockCookie } from "../domain/unlock-cookie";
import { errorResponse } from "../lib/errors";
import { userAgentClass } from "../observability/user-agent-class";
import { clientIp } from "../services/auth/rate-limits";
import type { LazyDatabase } from "../services/lazy-database";
import { checkLinkPassword, type PasswordCheck } from "../services/redirects/check-link-password";
import { answerWithoutIo, type PendingReservation, type RedirectAnswer } from "./answer-redirect";
import { NO_STORE, passwordForm, wantsHtml } from "./link-pages";

/** What a refused password check answers an API client (the form shows the same in HTML). */
function refusedCheck(check: Exclude<PasswordCheck, { result: "right" }>, requestId: string): Response {
  if (check.result === "wrong")
    return errorResponse({ status: 403, message: "wrong password", headers: NO_STORE }, requestId);
  if (check.result === "limited") {
    const message = `too many wrong passwords for this link: try again in ${check.retryAfterSeconds} seconds`;
    const headers = { ...NO_STORE, "Retry-After": String(check.retryAfterSeconds) };
    return errorResponse({ status: 429, message, headers }, requestId);
  }
  const message = "passwords cannot be checked right now: try again shortly";
  return errorResponse({ status: 503, message, headers: { ...NO_STORE, "Retry-After": "5" } }, requestId);
}

export interface ProtectedContext {
  env: Env;
  ctx: ExecutionContext | undefined;
  database: LazyDatabase["database"];
  config: Config;
  requestId: string;
  now: number;
  /** The custom domain the request came on (null: the default domain): its expired_url applies. */
  site: DomainSite | null;
}

export async function answerProtectedRedirect(
  code: string,
  record: LinkRecord & { password: number },
  request: Request,
  context: ProtectedContext,
): Promise<RedirectAnswer | PendingReservation> {
  const { env, ctx, database, config, requestId, now, site } = context;
  const unlocked = () => answerWithoutIo(record, request, config, requestId, now, site, true);
  const link = { id: record.id, version: record.password };
  const secret = config.unlockSecret;
  if (secret && (await hasUnlockCookie(request, secret, link, now))) return unlocked();
  const password = givenPassword(request.headers);
  if (password !== undefined) {
    const check = await checkLinkPassword(env, ctx, database, link, password, clientIp(request), requestId);
    if (check.result === "right") return unlocked();
    return { response: refusedCheck(check, requestId), outcome: "locked" };
  }
  const agent = userAgentClass(request.headers.get("User-Agent"));
  if (wantsHtml(request) || agent === "preview" || agent === "bot" || request.method === "HEAD") {
    return { response: passwordForm(code, searchOf(request.url), requestId), outcome: "locked" };
  }
  const response = errorResponse(
    {
      status: 401,
      message: `this link is password-protected: send the password in ${PASSWORD_HEADER} or with HTTP Basic (empty user)`,
      headers: { ...NO_STORE, "WWW-Authenticate": 'Basic realm="password-protected link", charset="UTF-8"' },
    },
    requestId,
  );
  return { response, outcome: "locked" };
}
