// The link builder's fragments, fetched by htmx as a person types (GETs that change nothing): whether a
// code is free on a domain (GET /app/links/code-check), the preview of the short link and its QR code
// (GET /app/links/preview), and a link's "try it" answer (GET /app/links/{id}/try). Each answers a
// small piece of HTML, never cached; the pages render the same pieces themselves, so without script
// nothing is missing but the live redraw.
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../app-env";
import { CreateUrlBody } from "../contracts/link-requests";
import { shortUrlOf } from "../domain/short-url";
import type { AppError } from "../lib/errors";
import { layoutQr, type QrOptions } from "../lib/qr/qr-layout";
import { renderSvg } from "../lib/qr/render-svg";
import { QR_SOURCE_PARAMETER } from "../services/clicks/click";
import { assertCodeFree, newLinkDomain } from "../services/urls/code-availability";
import { readUrl } from "../services/urls/url-use-cases";
import { isNotFound, statusOf } from "./form-parts";
import { pathId } from "./path-id";
import { TryIt, tryRulesFrom } from "./rule-try-it";

/** The preview's QR code: the link page's size, the API's defaults (margin 4, ecc M, black on white). */
const PREVIEW_QR: QrOptions = { size: 160, margin: 4, ecc: "M", fg: "#000000", bg: "#ffffff", logo: false };

/** A refusal of the API (a 4xx AppError), as its message; anything else is thrown on. */
function refusalOf(error: unknown): string {
  const status = statusOf(error);
  if (status < 400 || status >= 500) throw error;
  return (error as AppError).message;
}

/**
 * The domain a builder's field names, as the create (or, `edit`, the update) reads it: empty is the
 * workspace's default for a new link, the service's own hosts for an existing one. A refusal is its message.
 */
async function domainNamed(c: Context<AppEnv>, typed: string | undefined, edit: boolean) {
  const given = typed?.trim() ?? "";
  if (given === "" && edit) return { domain: null };
  let named: string | null | undefined;
  if (given !== "") {
    const parsed = CreateUrlBody.shape.domain.safeParse(given);
    if (!parsed.success) return { problem: parsed.error.issues[0]?.message ?? "domain must be a hostname or null" };
    named = parsed.data;
  }
  try {
    return { domain: await newLinkDomain(c.var, named, new URL(c.req.url).hostname) };
  } catch (error) {
    return { problem: refusalOf(error) };
  }
}

/** The answer to a code as typed on a domain: what POST /urls would say of it, or that it is free. */
async function codeVerdict(c: Context<AppEnv>, code: string, domain: string | undefined) {
  if (code === "") return { ok: true, message: "Left empty, a code is drawn for you." };
  const shape = CreateUrlBody.shape.short_code.safeParse(code);
  if (!shape.success) return { ok: false, message: shape.error.issues[0]?.message ?? "invalid short_code" };
  const named = await domainNamed(c, domain, false);
  if ("problem" in named) return { ok: false, message: named.problem ?? "" };
  try {
    await assertCodeFree(c.var, code, named.domain);
    return { ok: true, message: "available" };
  } catch (error) {
    return { ok: false, message: refusalOf(error) };
  }
}

/** A piece of a page, not a page: no script or style of its own, never cached, never framed. */
function fragment(c: Context<AppEnv>, body: Child, status: 200 | 404 = 200) {
  return c.html(String(body), status, {
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
  });
}

/** GET /app/links/code-check?domain=&code= (or short_code=, the builder's field, as htmx sends it). */
export async function codeCheck(c: Context<AppEnv>) {
  const code = (c.req.query("code") ?? c.req.query("short_code") ?? "").trim();
  const verdict = await codeVerdict(c, code, c.req.query("domain"));
  return fragment(c, <span class={verdict.ok ? "ok" : "error"}>{verdict.message}</span>);
}

/** The short link a builder's domain and code make, and its QR code when the code is one a link can have. */
export function LinkPreview(props: { short: string | undefined; svg: string | undefined; note: string | undefined }) {
  return (
    <figure class="link-preview">
      {props.svg && props.short && (
        <span
          class="qr"
          role="img"
          aria-label={`Scan preview: ${props.short}`}
          dangerouslySetInnerHTML={{ __html: props.svg }}
        />
      )}
      <figcaption>
        {props.short && (
          <>
            Short link: <strong>{props.short}</strong>
          </>
        )}
        {props.note && <span class="note"> {props.note}</span>}
      </figcaption>
    </figure>
  );
}

/** The preview for a domain and code as typed (`edit`: an existing link's, whose empty domain is the service's own). */
export async function previewOf(c: Context<AppEnv>, typed: { domain?: string; code?: string; edit: boolean }) {
  const origin = new URL(c.req.url).origin;
  const named = await domainNamed(c, typed.domain, typed.edit);
  if ("problem" in named) return <LinkPreview short={undefined} svg={undefined} note={named.problem} />;
  const hostname = named.domain?.hostname ?? null;
  const code = typed.code?.trim() ?? "";
  if (code === "") {
    const base = shortUrlOf(origin, hostname, "");
    return <LinkPreview short={`${base}…`} svg={undefined} note="(a code is drawn when the link is made)" />;
  }
  if (!CreateUrlBody.shape.short_code.safeParse(code).success) {
    return <LinkPreview short={undefined} svg={undefined} note="The preview appears once the code is a valid one." />;
  }
  const short = shortUrlOf(origin, hostname, code);
  // What the link's own QR code encodes (GET /urls/{id}/qr.svg): the short link marked as a scan.
  const layout = layoutQr(`${short}?${QR_SOURCE_PARAMETER}`, PREVIEW_QR);
  const svg = "tooSmall" in layout ? undefined : renderSvg(layout, PREVIEW_QR);
  return <LinkPreview short={short} svg={svg} note={undefined} />;
}

/** GET /app/links/preview?domain=&short_code=[&edit=1]: the preview, redrawn. */
export async function previewFragment(c: Context<AppEnv>) {
  const preview = await previewOf(c, {
    domain: c.req.query("domain"),
    code: c.req.query("short_code") ?? c.req.query("code"),
    edit: c.req.query("edit") === "1",
  });
  return fragment(c, preview);
}

/** GET /app/links/{id}/try?country=&device=&language=&at=: the try-it section with its answer. */
export async function tryFragment(c: Context<AppEnv>) {
  const id = pathId(c);
  const missing = () => fragment(c, <p class="error">There is no such link in this workspace.</p>, 404);
  if (id === undefined) return missing();
  try {
    const url = await readUrl(c.var, id);
    const answer = await tryRulesFrom(c, id, new URL(c.req.url).searchParams);
    return fragment(c, <TryIt url={url} answer={answer} />);
  } catch (error) {
    if (isNotFound(error)) return missing();
    throw error;
  }
}
