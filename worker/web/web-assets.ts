// The web app's scripts and their stylesheet, served by the Worker under names that carry their
// content's hash, so a browser keeps them for a year and a new release is a new name. No CDN, no
// third-party origin: the pages' CSP allows scripts from this origin only.
import type { Context } from "hono";
import htmxJs from "htmx.org/dist/htmx.min.js";
import uplotJs from "uplot/dist/uPlot.iife.min.js";
import uplotCss from "uplot/dist/uPlot.min.css";
import type { AppEnv } from "../app-env";
import copyButtonsJs from "./copy-buttons.client.js";
import chartJs from "./link-chart.client.js";

/** FNV-1a, 32 bits: a name that changes with the content (not a security property). */
function contentHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

interface Asset {
  body: string;
  type: string;
}

function named(stem: string, extension: string, asset: Asset): [string, Asset] {
  return [`${stem}-${contentHash(asset.body)}.${extension}`, asset];
}

const ASSETS = new Map<string, Asset>([
  named("uplot", "js", { body: uplotJs, type: "text/javascript; charset=utf-8" }),
  named("uplot", "css", { body: uplotCss, type: "text/css; charset=utf-8" }),
  named("link-chart", "js", { body: chartJs, type: "text/javascript; charset=utf-8" }),
  named("htmx", "js", { body: htmxJs, type: "text/javascript; charset=utf-8" }),
  named("copy-buttons", "js", { body: copyButtonsJs, type: "text/javascript; charset=utf-8" }),
]);

/** Where each asset is served (its hashed name under /app/assets/). */
export const ASSET_PATHS = Object.fromEntries(
  [...ASSETS.keys()].map((name) => [name.replace(/-[0-9a-f]{8}\./, "."), `/app/assets/${name}`]),
) as Record<"uplot.js" | "uplot.css" | "link-chart.js" | "htmx.js" | "copy-buttons.js", string>;

/** A script a page may ask for by name (renderPage's `scripts`), besides the ones its flags bring. */
export type PageScript = "copy-buttons.js";

/**
 * htmx's settings for the pages that load it (a <meta name="htmx-config">), under their CSP (`script-src
 * 'self'`, the stylesheet by nonce): nothing evaluated (no hx-on, no js: values), no indicator styles
 * injected, no script run from swapped content, requests to this origin only, no page kept in localStorage.
 */
export const HTMX_CONFIG = JSON.stringify({
  allowEval: false,
  allowScriptTags: false,
  includeIndicatorStyles: false,
  selfRequestsOnly: true,
  historyEnabled: false,
  historyCacheSize: 0,
  // Not "style": inline styles are refused here, so settling one (even an empty one a browser left) is a violation.
  attributesToSettle: ["class", "width", "height"],
});

export function serveAsset(c: Context<AppEnv>): Response {
  const asset = ASSETS.get(c.req.param("name") ?? "");
  if (!asset) return c.text("not found", 404);
  return c.body(asset.body, 200, {
    "Content-Type": asset.type,
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
  });
}
