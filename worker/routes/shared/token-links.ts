// A mailed link that carries a token (a sign-in link, an invitation): the page the link opens, which
// spends nothing, and the post its button (or an API client) makes. Shared by /auth/email/verify and
// /invitations/accept.
import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { html } from "hono/html";
import type { AppEnv } from "../../app-env";
import { fromOwnOrigin } from "../../middleware/session-auth";

type Markup = ReturnType<typeof html>;

// The token is in the page's URL: no Referer leaves it, nothing frames the page, its form posts back here only.
export const TOKEN_PAGE_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy": "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "Referrer-Policy": "no-referrer",
  "X-Frame-Options": "DENY",
  "X-Robots-Tag": "noindex",
  "Cache-Control": "private, no-store",
};

/** The page a token link opens: `body` (its form, or what to do first) and a line on how long it works. */
export function tokenPage(title: string, body: Markup, validity: string): string {
  return String(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>
<body><main><h1>${title}</h1>
${body}
<p>${validity}</p></main></body></html>
`);
}

/** A form that posts the token back to `action` with one button. */
export const tokenForm = (action: string, token: string, button: string) => html`<form method="post" action="${action}">
<input type="hidden" name="token" value="${token}">
<button type="submit">${button}</button>
</form>`;

/**
 * Whether a token's post comes from this origin. Under the page's Referrer-Policy: no-referrer a
 * browser sends its form's post with "Origin: null" (the Fetch standard's origin serialisation), so
 * that alone says nothing; Sec-Fetch-Site, which only the browser sets, then decides. Another site's
 * post says cross-site there, whatever its Origin (an opaque one included: a sandboxed frame, a
 * no-referrer page elsewhere).
 */
export function tokenPostFromOwnOrigin(c: Context<AppEnv>): boolean {
  if (c.req.header("Origin") === "null") return c.req.header("Sec-Fetch-Site") === "same-origin";
  return fromOwnOrigin(c);
}

/**
 * The body of a token's post: the page's form, or JSON. Not "required": zod-openapi would then run
 * both validators on every body; as it is, each runs on its own type and gives the other {}.
 */
export function tokenPostBody<T extends z.ZodType>(schema: T) {
  return {
    content: {
      "application/json": { schema },
      "application/x-www-form-urlencoded": { schema },
    },
    required: false,
  };
}
