// Every page of the web app: one HTML shell with a strict CSP (our stylesheet by nonce, scripts and
// uPlot's stylesheet from this origin only (web-assets.ts), forms back to this origin, never framed),
// nothing cached, no Referer sent to other sites.
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { AppEnv } from "../app-env";
import appCss from "./web.client.css";
import { ASSET_PATHS, HTMX_CONFIG, type PageScript } from "./web-assets";

export const APP_PATH = "/app";

/** The statuses a page answers with: a refusal is a 4xx page, an unavailable dependency a 503. */
export type PageStatus = 200 | 400 | 403 | 404 | 429 | 503;

// "</" inside the inlined stylesheet would end the element early.
const inlineSafe = (text: string) => text.replaceAll("</", "<\\/");

/** The part of the app a page belongs to: its top bar link is marked current. */
export type Section = "links" | "domains" | "webhooks" | "team" | "access";

export interface SignedInAs {
  email: string;
  workspaceName: string;
  workspaceId: number | undefined;
  role: string;
  workspaces: { id: number; name: string; role: string }[];
  csrfToken: string;
}

/** Which workspace the pages act in: a choice among the person's, when they have more than one. */
function WorkspaceSwitch({ person }: { person: SignedInAs }) {
  if (person.workspaces.length < 2) {
    return (
      <span>
        Workspace: {person.workspaceName} ({person.role})
      </span>
    );
  }
  return (
    <form class="inline switch" method="post" action={`${APP_PATH}/workspace`}>
      <input type="hidden" name="csrf_token" value={person.csrfToken} />
      <label for="workspace-choice">Workspace</label>
      <select id="workspace-choice" name="workspace_id">
        {person.workspaces.map((workspace) => (
          <option value={String(workspace.id)} selected={workspace.id === person.workspaceId}>
            {workspace.name} ({workspace.role})
          </option>
        ))}
      </select>
      <button class="quiet" type="submit">
        Switch
      </button>
    </form>
  );
}

function TopBar({ person, current }: { person: SignedInAs | undefined; current: string | undefined }) {
  return (
    <header class="top">
      <a class="brand" href={APP_PATH}>
        Linkscope
      </a>
      {person && (
        <>
          <nav aria-label="Main">
            <a href={`${APP_PATH}/links`} aria-current={current === "links" ? "page" : undefined}>
              Links
            </a>
            <a href={`${APP_PATH}/domains`} aria-current={current === "domains" ? "page" : undefined}>
              Domains
            </a>
            <a href={`${APP_PATH}/webhooks`} aria-current={current === "webhooks" ? "page" : undefined}>
              Webhooks
            </a>
            <a href={`${APP_PATH}/team`} aria-current={current === "team" ? "page" : undefined}>
              Team
            </a>
            <a href={`${APP_PATH}/access`} aria-current={current === "access" ? "page" : undefined}>
              Access
            </a>
          </nav>
          <div class="who">
            <span>{person.email}</span>
            <WorkspaceSwitch person={person} />
            <form class="inline" method="post" action={`${APP_PATH}/sign-out`}>
              <input type="hidden" name="csrf_token" value={person.csrfToken} />
              <button class="quiet" type="submit">
                Sign out
              </button>
            </form>
          </div>
        </>
      )}
    </header>
  );
}

/** The page, with its headers: `status` for a form answered with its errors. */
export function renderPage(
  c: Context<AppEnv>,
  page: {
    title: string;
    person?: SignedInAs | undefined;
    /** Pages with a chart load uPlot and the chart's script (web-assets.ts). */
    chart?: boolean;
    /** The link builder's pages load htmx (web-assets.ts), set up for this CSP: no eval, no injected styles. */
    htmx?: boolean;
    /** Small scripts of our own that enhance what already works without them (web-assets.ts). */
    scripts?: readonly PageScript[];
    /** The top bar's entry this page is under. */
    current?: Section | undefined;
    body: Child;
    status?: PageStatus;
  },
) {
  const nonce = crypto.randomUUID().replaceAll("-", "");
  c.header(
    "Content-Security-Policy",
    `default-src 'none'; style-src 'nonce-${nonce}' 'self'; script-src 'self'; img-src 'self' data:; ` +
      // htmx fetches its fragments from this origin.
      `${page.htmx ? "connect-src 'self'; " : ""}form-action 'self'; ` +
      "base-uri 'none'; frame-ancestors 'none'",
  );
  c.header("Cache-Control", "private, no-store");
  c.header("Referrer-Policy", "same-origin");
  c.header("X-Frame-Options", "DENY");
  c.header("X-Robots-Tag", "noindex");
  return c.html(
    `<!doctype html>${(
      (
        <html lang="en">
          <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>{`${page.title} · Linkscope`}</title>
            <style nonce={nonce} dangerouslySetInnerHTML={{ __html: inlineSafe(appCss) }} />
            {page.chart && <link rel="stylesheet" href={ASSET_PATHS["uplot.css"]} />}
            {page.htmx && <meta name="htmx-config" content={HTMX_CONFIG} />}
          </head>
          <body>
            <a class="skip" href="#main">
              Skip to content
            </a>
            <TopBar person={page.person} current={page.current} />
            <main id="main">{page.body}</main>
            {page.chart && <script src={ASSET_PATHS["uplot.js"]} />}
            {page.chart && <script src={ASSET_PATHS["link-chart.js"]} />}
            {page.htmx && <script src={ASSET_PATHS["htmx.js"]} />}
            {page.scripts?.map((name) => (
              <script src={ASSET_PATHS[name]} />
            ))}
          </body>
        </html>
      )
    ).toString()}`,
    page.status ?? 200,
  );
}
