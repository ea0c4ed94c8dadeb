// POST /auth/email/verify: the Sign in button (a form) or an API client (JSON) spends the token for a
// session cookie. Only from this origin: another site cannot sign a visitor into its own account.
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { AppError, badRequest } from "../../lib/errors";
import { formatTimestamp } from "../../lib/time";
import { isFormPost, sessionSecretOf, setSessionCookie } from "../../middleware/session-auth";
import { signInWithToken } from "../../services/auth/sign-in-use-cases";
import { requires } from "../shared/permissions";
import { errorResponse, jsonResponse } from "../shared/responses";
import { tokenPostBody, tokenPostFromOwnOrigin } from "../shared/token-links";
import { SignedInSchema, TokenBody } from "./schema";

const route = createRoute({
  method: "post",
  path: "/auth/email/verify",
  ...requires("public"),
  tags: ["auth"],
  request: {
    body: tokenPostBody(TokenBody),
  },
  responses: {
    200: jsonResponse(SignedInSchema, "Signed in (JSON clients); the session is in the Set-Cookie"),
    303: { description: "Signed in (the form): on to the web app, /app" },
    400: errorResponse("Missing or malformed token"),
    401: errorResponse("The link is unknown, used or expired"),
    403: errorResponse("The form was posted from another site"),
  },
});

export function registerSignIn(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    if (!tokenPostFromOwnOrigin(c))
      throw new AppError("FORBIDDEN", "cross-site request refused: sign in from the link's own page");
    const form = isFormPost(c);
    const token = (form ? c.req.valid("form") : c.req.valid("json")).token as string | undefined;
    if (token === undefined) throw badRequest("token is required");
    const session = await signInWithToken(c.var, token, c.req.header("User-Agent"), sessionSecretOf(c));
    setSessionCookie(c, session.secret, session.expiresAt);
    // A person at the sign-in page's button goes on to the web app.
    if (form) return c.redirect("/app", 303);
    return c.json(
      { session_id: session.sessionId, user_id: session.userId, expires_at: formatTimestamp(session.expiresAt) },
      200,
    );
  });
}
