// The small pages a short link answers with when it does not redirect. Static apart from a time,
// and nothing of the link in them (no destination, no title): a page cannot carry what the link
// carried. Browsers (Accept: text/html) get the page, every other client the API's JSON error.
import { html } from "hono/html";
import { errorResponse } from "../lib/errors";
import { REQUEST_ID_HEADER } from "../observability/request-id";

/** Every answer of a short link: never cached by browsers or CDNs, the link can change on the next request. */
export const NO_STORE = { "Cache-Control": "private, no-store" } as const;

const PAGE_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Content-Security-Policy": "default-src 'none'",
  "X-Robots-Tag": "noindex",
  ...NO_STORE,
};

/**
 * Markup made with hono's `html` template: every interpolated string is escaped, markup made the
 * same way is kept. Nothing here interpolates a promise, so it is always a string already.
 */
type Markup = ReturnType<typeof html>;
const markupText = (markup: Markup): string => String(markup);

/** `head`: more of the head after the title (a page that moves on says so there). */
function page(title: string, body: Markup, head: Markup = html``): string {
  return markupText(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="robots" content="noindex">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>${head}
<meta property="og:title" content="${title}"></head>
<body><h1>${title}</h1>
${body}</body></html>
`);
}

type PageStatus = 200 | 403 | 404 | 410 | 429 | 503;

function htmlPage(status: PageStatus, markup: string, requestId: string, extra: Record<string, string> = {}): Response {
  return new Response(markup, { status, headers: { ...PAGE_HEADERS, [REQUEST_ID_HEADER]: requestId, ...extra } });
}

export const wantsHtml = (request: Request) => request.headers.get("Accept")?.includes("text/html") ?? false;

function answer(request: Request, status: 404 | 410, markup: string, json: Record<string, string>, requestId: string) {
  if (!wantsHtml(request)) {
    const { error, ...extra } = json;
    return errorResponse({ status, message: error ?? "", extra, headers: NO_STORE }, requestId);
  }
  return htmlPage(status, markup, requestId);
}

/** 404 before valid_since: says when the link starts working, so it does not look mistyped. */
export function notYetActive(request: Request, validSince: number, requestId: string): Response {
  const at = new Date(validSince).toISOString();
  const markup = page(
    "This link is not active yet",
    html`<p>It becomes active on <time datetime="${at}">${at.replace("T", " ").replace(/\.\d+Z$/, " UTC")}</time>.</p>\n`,
  );
  return answer(request, 404, markup, { error: "link not active yet", valid_since: at }, requestId);
}

const GONE = {
  expired: { title: "This link has expired", json: "link expired" },
  exhausted: { title: "This link has reached its click limit", json: "link has reached its click limit" },
} as const;

/** 410 for an expired or used-up link without an expired_url: it existed, and it is over. */
export function linkGone(request: Request, reason: keyof typeof GONE, requestId: string): Response {
  const markup = page(GONE[reason].title, html`<p>The short link you followed no longer redirects.</p>\n`);
  return answer(request, 410, markup, { error: GONE[reason].json }, requestId);
}

/**
 * 404 on a host no domain serves, and on a custom domain for anything but its links, its root and
 * its app files: the same page whoever asks, so nothing says whether (or by whom) a name is claimed.
 */
export function nothingHere(request: Request, requestId: string): Response {
  const markup = page(
    "Nothing here",
    html`<p>There is no page at this address.</p>
`,
  );
  return answer(request, 404, markup, { error: "not found" }, requestId);
}

/** 200 at a custom domain's root when it has no root_redirect: plain, and naming no vendor. */
export function domainRoot(requestId: string): Response {
  const markup = page(
    "Short links",
    html`<p>This domain serves short links. Open one to be taken to its page.</p>
`,
  );
  return htmlPage(200, markup, requestId);
}

/** 403 for a link whose destination is now on the blocklist. */
export function disabledLink(requestId: string): Response {
  const markup = page(
    "This link has been disabled",
    html`<p>Its destination is on this service's blocklist, so it no longer redirects.</p>\n`,
  );
  return htmlPage(403, markup, requestId);
}

/**
 * 200 for a bot, link preview, HEAD or prefetch on a capped link: neither the destination nor a
 * click is given away to a client that is not a person opening the link.
 */
export function withheldLink(requestId: string): Response {
  const markup = page(
    "Open this link in a browser",
    html`<p>This link can be opened a limited number of times, by people. Open it in a web browser.</p>\n`,
  );
  return htmlPage(200, markup, requestId);
}

// The password form may only post back here, must not be framed (a framed form invites
// clickjacking) and sends no Referer (its URL can carry the query the link will forward).
const FORM_HEADERS = {
  "Content-Security-Policy": "default-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
};

/**
 * The page a password-protected link answers a browser with (200), again after a wrong password
 * (403), while guesses are limited (429, with Retry-After), or when passwords cannot be checked
 * (503). Generic: nothing of the destination or the title, so a preview card shows nothing either.
 * `search` is the link's query string ("?..." or ""), carried through the form to the redirect.
 */
export function passwordForm(
  code: string,
  search: string,
  requestId: string,
  refusal?: { status: 403 | 429 | 503; message: string; retryAfterSeconds?: number },
): Response {
  const action = `/${encodeURIComponent(code)}/unlock${search}`;
  const notice = refusal ? html`<p role="alert">${refusal.message}</p>\n` : "";
  const markup = page(
    "This link is password-protected",
    html`${notice}<form method="post" action="${action}">
<label for="password">Password</label>
<input type="password" id="password" name="password" required maxlength="128" autocomplete="current-password" autofocus>
<button type="submit">Open the link</button>
</form>
`,
  );
  const headers: Record<string, string> = { ...FORM_HEADERS };
  if (refusal?.retryAfterSeconds !== undefined) headers["Retry-After"] = String(refusal.retryAfterSeconds);
  return htmlPage(refusal?.status ?? 200, markup, requestId, headers);
}

/**
 * What a browser gets for the right password: a 200 page that sets the unlock cookie and moves on to
 * the link with a meta refresh. Not a 303: the form page's CSP says form-action 'self', and browsers
 * apply form-action to every redirect of the form's navigation, so a 303 to the link followed by the
 * link's 302 to its destination is blocked (Chromium: ERR_ABORTED). The refresh is a new navigation,
 * whose 302 is the click, counted once.
 */
export function unlockedPage(location: string, cookie: string, requestId: string): Response {
  const markup = page(
    "Opening the link",
    html`<p>Right password. <a href="${location}">Continue to the link</a> if nothing happens.</p>\n`,
    html`\n<meta http-equiv="refresh" content="0; url=${location}">`,
  );
  return htmlPage(200, markup, requestId, { ...FORM_HEADERS, "Set-Cookie": cookie });
}
