// POST /auth/email/verify: the Sign in button (a form) or an API client (JSON) spends the token for a
// session cookie. Only from this origin: another site cannot sign a visitor into its own account.
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { setCookie } from "hono/cookie";
import type { AppEnv } from "../../app-env";
import { AppError, badRequest } from "../../lib/errors";
import { formatTimestamp } from "../../lib/time";
import { fromOwnOrigin, sessionSecretOf } from "../../middleware/session-auth";
import { sessionCookieName } from "../../services/auth/session-tokens";
import { signInWithToken } from "../../services/auth/sign-in-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { SignedInSchema, TokenBody } from "./schema";

const route = createRoute({
  method: "post",
  path: "/auth/email/verify",
  ...requires("public"),
  tags: ["auth"],
  request: {
    body: {
      content: {
        "application/json": { schema: TokenBody },
        "application/x-www-form-urlencoded": { schema: TokenBody },
      },
      // Not "required": zod-openapi would then run both validators on every body; each runs on its own type.
      required: false,
    },
  },
  responses: {
    200: jsonResponse(SignedInSchema, "Signed in (JSON clients); the session is in the Set-Cookie"),
    303: { description: "Signed in (the form): on to /me" },
    400: errorResponse("Missing or malformed token"),
    401: errorResponse("The link is unknown, used or expired"),
    403: errorResponse("The form was posted from another site"),
  },
});

export function registerSignIn(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    if (!fromOwnOrigin(c))
      throw new AppError("FORBIDDEN", "cross-site request refused: sign in from the link's own page");
    const form = /^application\/x-www-form-urlencoded\b/i.test(c.req.header("Content-Type") ?? "");
    const token = (form ? c.req.valid("form") : c.req.valid("json")).token as string | undefined;
    if (token === undefined) throw badRequest("token is required");
    const session = await signInWithToken(c.var, token, c.req.header("User-Agent"), sessionSecretOf(c));
    const https = c.req.url.startsWith("https:");
    setCookie(c, sessionCookieName(https), session.secret, {
      httpOnly: true,
      secure: https,
      sameSite: "Lax",
      path: "/",
      expires: session.expiresAt,
    });
    if (form) return c.redirect("/me", 303);
    return c.json(
      { session_id: session.sessionId, user_id: session.userId, expires_at: formatTimestamp(session.expiresAt) },
      200,
    );
  });
}
