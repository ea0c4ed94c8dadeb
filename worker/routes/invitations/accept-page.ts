// GET /invitations/accept?token=: the page an invitation's link opens. It spends nothing (a mail
// scanner may fetch it); signed in, its Accept button posts the token; signed out, it says how to sign in.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { html } from "hono/html";
import type { AppEnv } from "../../app-env";
import { personFromSession } from "../../middleware/session-auth";
import { requires } from "../shared/permissions";
import { TOKEN_PAGE_HEADERS, tokenForm, tokenPage } from "../shared/token-links";

const route = createRoute({
  method: "get",
  path: "/invitations/accept",
  ...requires("public"),
  tags: ["workspaces"],
  request: { query: z.object({ token: z.string().max(100).optional() }) },
  responses: { 200: { description: "An HTML page with an Accept button (signed in) or how to sign in" } },
});

export function registerAcceptInvitationPage(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const token = c.req.valid("query").token ?? "";
    const person = await personFromSession(c);
    const body = person
      ? tokenForm("/invitations/accept", token, "Accept the invitation")
      : html`<p>Sign in with the email address this invitation was sent to (<a href="/app">sign in here</a>:
a link is mailed to you), then open this invitation's link again.</p>`;
    const markup = tokenPage(
      "Join a Linkscope workspace",
      body,
      "The invitation works once, within 7 days of being sent.",
    );
    return c.body(markup, 200, TOKEN_PAGE_HEADERS);
  });
}
