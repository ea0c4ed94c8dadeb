// GET /invitations/accept?token=: the page an invitation's link opens. It spends nothing (a mail
// scanner may fetch it); signed in, its Accept button posts the token; signed out, it says how to sign in.
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import { html } from "hono/html";
import type { AppEnv } from "../../app-env";
import { personFromSession } from "../../middleware/session-auth";
import { requires } from "../shared/permissions";

const route = createRoute({
  method: "get",
  path: "/invitations/accept",
  ...requires("public"),
  tags: ["workspaces"],
  request: { query: z.object({ token: z.string().max(100).optional() }) },
  responses: { 200: { description: "An HTML page with an Accept button (signed in) or how to sign in" } },
});

const PAGE_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy": "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "X-Robots-Tag": "noindex",
  "Cache-Control": "private, no-store",
};

export function registerAcceptInvitationPage(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, async (c) => {
    const token = c.req.valid("query").token ?? "";
    const person = await personFromSession(c);
    const body = person
      ? html`<form method="post" action="/invitations/accept">
<input type="hidden" name="token" value="${token}">
<button type="submit">Accept the invitation</button>
</form>`
      : html`<p>Sign in with the email address this invitation was sent to (ask for a sign-in link with
<code>POST /auth/email</code>), then open this invitation's link again.</p>`;
    const markup = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Join a Linkscope workspace</title></head>
<body><main><h1>Join a Linkscope workspace</h1>
${body}
<p>The invitation works once, within 7 days of being sent.</p></main></body></html>
`;
    return c.body(String(markup), 200, PAGE_HEADERS);
  });
}
