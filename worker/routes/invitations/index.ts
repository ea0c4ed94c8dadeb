// An invitation's link: its page and its acceptance (/invitations/accept).
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../app-env";
import { registerAcceptInvitation } from "./accept-invitation";
import { registerAcceptInvitationPage } from "./accept-page";

export function registerInvitationRoutes(app: OpenAPIHono<AppEnv>) {
  registerAcceptInvitationPage(app);
  registerAcceptInvitation(app);
}
