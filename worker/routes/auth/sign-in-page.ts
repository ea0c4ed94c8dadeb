// GET /auth/email/verify?token=: the page a sign-in link opens. It spends nothing: a mail scanner that
// fetches the link (Outlook Safe Links and others) gets the same page, and only the button signs in.
import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { html } from "hono/html";
import type { AppEnv } from "../../app-env";
import { requires } from "../shared/permissions";
import { TokenQuery } from "./schema";

const route = createRoute({
  method: "get",
  path: "/auth/email/verify",
  ...requires("public"),
  tags: ["auth"],
  request: { query: TokenQuery },
  responses: { 200: { description: "An HTML page with a Sign in button that posts the token" } },
});

// The token is in this page's URL: no Referer leaves it, nothing frames it, the form posts back here only.
const PAGE_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy": "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "X-Robots-Tag": "noindex",
  "Cache-Control": "private, no-store",
};

export function registerSignInPage(app: OpenAPIHono<AppEnv>) {
  app.openapi(route, (c) => {
    const token = c.req.valid("query").token ?? "";
    const markup = html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in to Linkscope</title></head>
<body><main><h1>Sign in to Linkscope</h1>
<form method="post" action="/auth/email/verify">
<input type="hidden" name="token" value="${token}">
<button type="submit">Sign in</button>
</form>
<p>The link works once, within 15 minutes of asking for it.</p></main></body></html>
`;
    return c.body(String(markup), 200, PAGE_HEADERS);
  });
}
