// Signing in by email and the person's sessions: /auth/*, /me.
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { registerListSessions } from "./list-sessions";
import { registerMe } from "./me";
import { registerRequestSignInLink } from "./request-sign-in-link";
import { registerRevokeAllSessions } from "./revoke-all-sessions";
import { registerRevokeSession } from "./revoke-session";
import { registerSignIn } from "./sign-in";
import { registerSignInPage } from "./sign-in-page";
import { registerSignOut } from "./sign-out";

export function registerAuthRoutes(app: OpenAPIHono<AppEnv>) {
  registerRequestSignInLink(app);
  registerSignInPage(app);
  registerSignIn(app);
  registerMe(app);
  registerListSessions(app);
  registerRevokeSession(app);
  registerRevokeAllSessions(app);
  registerSignOut(app);
}
