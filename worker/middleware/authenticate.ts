// Who is calling the management API: the admin (ADMIN_API_KEY), a user (one of their API keys), a
// person signed in (their session cookie: middleware/session-auth.ts), or nobody. Keys are accepted
// only in "Authorization: Bearer <key>". With REQUIRE_API_KEYS=true (production) nobody gets a 401
// (but for asking for a sign-in link and using it); otherwise anonymous calls keep the seed's open API.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv, Principal } from "../app-env";
import { AppError } from "../lib/errors";
import { sha256Hex } from "../lib/hex-digest";
import { keyTouchIfDue, lookupKey } from "../services/auth/api-key-cache";
import { digestsEqual, keyPrefix, secretsEqual } from "../services/auth/api-key-format";
import { clientIp, overLimit, stillLimited, tooManyRequests } from "../services/auth/rate-limits";
import { chooseWorkspace, WORKSPACE_HEADER } from "../services/workspaces/workspace-choice";
import { assertSameSiteWrite, personFromSession } from "./session-auth";

const QUERY_KEY_NAMES = ["api_key", "apikey", "key", "token", "access_token"];

/**
 * Paths anyone may call even where keys are required: asking for a sign-in link, using it, and an
 * invitation's page and acceptance (which read the session themselves and accept only same-origin posts).
 */
const OPEN_PATHS = new Set(["/auth/email", "/auth/email/verify", "/invitations/accept"]);

function unauthorized(message: string): AppError {
  return new AppError("UNAUTHORIZED", message, undefined, { "WWW-Authenticate": 'Bearer realm="linkscope"' });
}

/**
 * A wrong key: counted against the client's failed-authentication limit, then a 401 (or 429). Only
 * failures count: a valid key is never refused for its address's failures. A client known to be over
 * the limit is answered from memory, without a limiter call.
 */
async function refuse(c: Context<AppEnv>, ip: string, message: string): Promise<never> {
  if (stillLimited("auth", "ip", ip) || (await overLimit(c.env, "auth", "ip", ip))) throw tooManyRequests("auth");
  throw unauthorized(message);
}

export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  // Parsed only when there is a query at all: most calls have none, and a URL parse is not free.
  if (c.req.url.includes("?")) {
    const query = new URL(c.req.url).searchParams;
    for (const name of QUERY_KEY_NAMES) {
      if (query.get(name)?.startsWith("lsk_")) {
        throw new AppError("BAD_REQUEST", "API keys are accepted only in the Authorization header, never in the URL");
      }
    }
  }
  const header = c.req.header("Authorization");
  let principal: Principal = { kind: "anonymous" };
  if (header !== undefined) {
    const ip = clientIp(c.req.raw);
    const token = /^Bearer +(\S+)$/i.exec(header.trim())?.[1];
    if (!token) return refuse(c, ip, "malformed Authorization header: expected Bearer <API key>");
    const adminKey = c.var.config.ADMIN_API_KEY;
    if (adminKey && (await secretsEqual(token, adminKey))) {
      principal = { kind: "admin" };
    } else {
      const prefix = keyPrefix(token);
      const entry = prefix ? await lookupKey(c.var.database, prefix) : undefined;
      if (!entry || !digestsEqual(await sha256Hex(token), entry.hash)) return refuse(c, ip, "invalid API key");
      principal = {
        kind: "user",
        userId: entry.userId,
        keyId: entry.keyId,
        workspaceId: entry.workspaceId,
        scopes: entry.scopes,
      };
      const touch = keyTouchIfDue(entry, c.var.database);
      if (touch) c.var.defer(touch);
    }
  } else if (OPEN_PATHS.has(c.req.path)) {
    // Signing in is anyone's, a browser's current session included: those routes check their origin
    // themselves, and the sign-in replaces the session the cookie names.
  } else {
    const person = await personFromSession(c);
    if (person?.kind === "person") {
      await assertSameSiteWrite(c, person.csrfToken);
      principal = person;
    } else if (c.var.config.REQUIRE_API_KEYS) {
      throw unauthorized("an API key is required (or a session): send Authorization: Bearer <key>, or sign in");
    }
  }
  c.set("principal", await chooseWorkspace(c.var.database, principal, c.req.header(WORKSPACE_HEADER)));
  await next();
});
