// A person signed in: their session cookie read, its session found (cached per isolate, like keys),
// and, for a write, proof that the request comes from our own pages: a same-origin Origin (or
// Sec-Fetch-Site) and the session's CSRF token in X-CSRF-Token (or a form's csrf_token field).
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv, Principal } from "../app-env";
import { AppError } from "../lib/errors";
import { countAuthEvent } from "../observability/metrics/auth-events";
import { lookupSession, touchIfDue } from "../services/auth/session-cache";
import { csrfTokenOf, SECRET_SHAPE, secretHash, sessionCookieName } from "../services/auth/session-tokens";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const overHttps = (c: Context<AppEnv>) => c.req.url.startsWith("https:");

/** The session cookie's value, when the request carries a well-formed one. */
export function sessionSecretOf(c: Context<AppEnv>): string | undefined {
  const secret = getCookie(c, sessionCookieName(overHttps(c)));
  return secret !== undefined && SECRET_SHAPE.test(secret) ? secret : undefined;
}

/** Gives the browser its session: HttpOnly, SameSite=Lax, and Secure with the __Host- name over https. */
export function setSessionCookie(c: Context<AppEnv>, secret: string, expires: Date): void {
  const https = overHttps(c);
  setCookie(c, sessionCookieName(https), secret, {
    httpOnly: true,
    secure: https,
    sameSite: "Lax",
    path: "/",
    expires,
  });
}

/** Takes the session cookie back (signing out). */
export function clearSessionCookie(c: Context<AppEnv>): void {
  const https = overHttps(c);
  deleteCookie(c, sessionCookieName(https), { path: "/", secure: https });
}

/** The signed-in person, or undefined (no cookie, or a session that has ended). */
export async function personFromSession(c: Context<AppEnv>): Promise<Principal | undefined> {
  const secret = sessionSecretOf(c);
  if (secret === undefined) return undefined;
  const session = await lookupSession(c.var.database, await secretHash(secret), c.var.config.SESSION_IDLE_HOURS);
  if (!session) {
    countAuthEvent("session_refused", "expired");
    return undefined;
  }
  const touch = touchIfDue(session, c.var.database);
  if (touch) c.var.defer(touch);
  // Their personal workspace until the request names another (middleware/workspace-choice.ts).
  return {
    kind: "person",
    userId: session.userId,
    sessionId: session.sessionId,
    csrfToken: await csrfTokenOf(secret),
    workspaceId: session.personalWorkspaceId,
    role: "owner",
  };
}

/** Whether the body is a form's (application/x-www-form-urlencoded): a page's post rather than an API client's. */
export const isFormPost = (c: Context<AppEnv>) =>
  /^application\/x-www-form-urlencoded\b/i.test(c.req.header("Content-Type") ?? "");

/** Whether the request says it comes from this origin (Origin, or the browser's Sec-Fetch-Site). */
export function fromOwnOrigin(c: Context<AppEnv>): boolean {
  const origin = c.req.header("Origin");
  if (origin !== undefined) return origin === new URL(c.req.url).origin;
  const site = c.req.header("Sec-Fetch-Site");
  // No Origin and no Sec-Fetch-Site: not a browser's cross-site request (browsers send one of them on
  // every cross-site POST); the CSRF token is still required.
  return site === undefined || site === "same-origin";
}

function crossSiteRefusal(reason: string): AppError {
  countAuthEvent("csrf", "refused");
  return new AppError("FORBIDDEN", `cross-site request refused: ${reason}`);
}

/** A session-authenticated write must come from our origin and carry the session's CSRF token. */
export async function assertSameSiteWrite(c: Context<AppEnv>, csrfToken: string): Promise<void> {
  if (!WRITES.has(c.req.method)) return;
  if (!fromOwnOrigin(c)) throw crossSiteRefusal("the request comes from another site");
  let sent = c.req.header("X-CSRF-Token");
  if (sent === undefined && isFormPost(c)) {
    const form = await c.req.parseBody();
    sent = typeof form.csrf_token === "string" ? form.csrf_token : undefined;
  }
  if (sent !== csrfToken) throw crossSiteRefusal("send the csrf_token of GET /me in an X-CSRF-Token header");
}
