// /app: the web app for link owners (docs/WEB-APP.md), served on the service's own hosts only. Pages
// are rendered on the server and work without JavaScript; they call the same use cases as the API,
// so what the API refuses, a form shows next to its field with the API's words.

import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { ListUrlsQuery } from "../contracts/url-list-query";
import type { Scope } from "../domain/permissions";
import { AppError } from "../lib/errors";
import { clearSessionCookie, fromOwnOrigin } from "../middleware/session-auth";
import { EmailBody } from "../routes/auth/schema";
import { clientIp, refuseSignInFlood } from "../services/auth/rate-limits";
import { requestSignInLink, signOut } from "../services/auth/sign-in-use-cases";
import { readUrls } from "../services/urls/url-use-cases";
import { roleOrNotFound } from "../services/workspaces/workspace-choice";
import { accessPage, createKey, revokeKey, signOutEverywhere, signOutSession } from "./access-page";
import { bulkAction, bulkNotice } from "./bulk-actions";
import { addDomain, deleteDomainNow, domainsPage, setDefaultDomain, verifyDomainNow } from "./domains-page";
import { statusOf } from "./form-parts";
import { codeCheck, previewFragment, tryFragment } from "./link-builder-fragments";
import { createLink, newLinkPage } from "./link-builder-page";
import { linkClicksCsv, linkQrImage } from "./link-downloads";
import { editLinkPage, saveLinkSettings } from "./link-edit-page";
import { checkLink, linkPage, saveLink, switchLink } from "./link-page";
import { LinksView } from "./links-view";
import { APP_PATH, renderPage } from "./page-shell";
import { SignInView } from "./sign-in-view";
import { signedInAs } from "./signed-in-as";
import {
  changeMemberRole,
  createWorkspaceNow,
  inviteNow,
  removeMemberNow,
  revokeInvitationNow,
  teamPage,
} from "./team-page";
import { serveAsset } from "./web-assets";
import { mayDo, mayWriteLinks } from "./web-roles";
import { rememberWorkspace, webSession } from "./web-session";
import {
  createWebhookNow,
  deleteWebhookNow,
  pingWebhookNow,
  retryDeliveryNow,
  rotateWebhookNow,
  saveWebhook,
  switchWebhook,
  webhookPage,
  webhooksPage,
} from "./webhooks-page";

/** Links per page of the links table. */
export const LINKS_PER_PAGE = 50;

const isPerson = (c: Context<AppEnv>) => c.var.principal.kind === "person";

/** The first message of a failed parse, as the API would answer it. */
const firstIssue = (error: { issues: { message: string }[] }) => error.issues[0]?.message ?? "invalid input";

async function formField(c: Context<AppEnv>, name: string): Promise<string | undefined> {
  const form = await c.req.parseBody().catch(() => ({}) as Record<string, unknown>);
  const value = (form as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}

async function signInPage(c: Context<AppEnv>) {
  return renderPage(c, { title: "Sign in", body: <SignInView /> });
}

async function requestLink(c: Context<AppEnv>) {
  if (!fromOwnOrigin(c)) throw new AppError("FORBIDDEN", "cross-site request refused: sign in from this site's page");
  const raw = await formField(c, "email");
  const parsed = EmailBody.safeParse({ email: raw });
  if (!parsed.success) {
    const body = <SignInView email={raw ?? ""} error={firstIssue(parsed.error)} />;
    return renderPage(c, { title: "Sign in", body, status: 400 });
  }
  const { email } = parsed.data;
  try {
    await refuseSignInFlood(c.env, clientIp(c.req.raw), email);
    await requestSignInLink(c.var, email, new URL(c.req.url).origin);
  } catch (error) {
    const status = statusOf(error);
    if (status !== 429 && status !== 503) throw error;
    const body = <SignInView email={email} error={(error as AppError).message} />;
    return renderPage(c, { title: "Sign in", body, status });
  }
  return renderPage(c, { title: "Check your email", body: <SignInView email={email} sent /> });
}

async function linksPage(c: Context<AppEnv>) {
  const query = new URL(c.req.url).searchParams;
  // done: the summary of a bulk action, said once (not carried to the next page).
  const given = Object.fromEntries([...query].filter(([name, value]) => value !== "" && name !== "done"));
  const filters = { q: given.q, state: given.state, health: given.health, tag: given.tag, sort: given.sort };
  const parsed = ListUrlsQuery.safeParse({ ...given, sort: given.sort ?? "-created_at" });
  const origin = new URL(c.req.url).origin;
  const person = await signedInAs(c);
  const bulk = {
    csrfToken: person?.csrfToken ?? "",
    mayWrite: mayWriteLinks(c),
    notice: bulkNotice(query.get("done")),
  };
  if (!parsed.success) {
    const body = (
      <LinksView
        urls={[]}
        filters={filters}
        origin={origin}
        nextPage={undefined}
        error={firstIssue(parsed.error)}
        {...bulk}
      />
    );
    return renderPage(c, { title: "Links", person, current: "links", body, status: 400 });
  }
  const { urls, nextCursor } = await readUrls(c.var, { ...parsed.data, per_page: LINKS_PER_PAGE });
  let nextPage: string | undefined;
  if (nextCursor !== undefined) {
    const next = new URLSearchParams({ ...given, cursor: nextCursor });
    nextPage = `${APP_PATH}/links?${next}`;
  }
  const body = (
    <LinksView urls={urls} filters={filters} origin={origin} nextPage={nextPage} error={undefined} {...bulk} />
  );
  return renderPage(c, { title: "Links", person, current: "links", body });
}

/** The top bar's switch: the pages act in that workspace from now on, if the person is in it. */
async function switchWorkspace(c: Context<AppEnv>) {
  const principal = c.var.principal;
  const chosen = await formField(c, "workspace_id");
  if (principal.kind !== "person" || chosen === undefined || !/^[1-9]\d{0,9}$/.test(chosen)) {
    return c.redirect(`${APP_PATH}/links`, 303);
  }
  // A workspace they are not in is a 404, as through the API's X-Workspace-Id.
  await roleOrNotFound(c.var.database, Number(chosen), principal.userId);
  rememberWorkspace(c, Number(chosen));
  return c.redirect(`${APP_PATH}/links`, 303);
}

async function signOutNow(c: Context<AppEnv>) {
  if (isPerson(c)) await signOut(c.var);
  clearSessionCookie(c);
  return c.redirect(APP_PATH, 303);
}

/** Every /app path, each declaring whether it needs a person (signed out: to the sign-in page). */
export function registerWebApp(app: OpenAPIHono<AppEnv>) {
  // Static and public: no session read for them.
  app.get(`${APP_PATH}/assets/:name`, serveAsset);
  app.use(`${APP_PATH}`, webSession);
  app.use(`${APP_PATH}/*`, async (c, next) =>
    c.req.path.startsWith(`${APP_PATH}/assets/`) ? next() : webSession(c, next),
  );
  type Page = (c: Context<AppEnv>) => Promise<Response>;
  // A page for a signed-in person whose role has `scope` (signed out: to the sign-in form).
  const needs =
    (scope: Scope, page: Page) =>
    async (c: Context<AppEnv>): Promise<Response> => {
      if (!isPerson(c)) return c.redirect(APP_PATH, 303);
      if (mayDo(c, scope)) return page(c);
      const body = <p class="error">{`Your role in this workspace cannot do this: it needs ${scope}.`}</p>;
      return renderPage(c, { title: "Not allowed", person: await signedInAs(c), body, status: 403 });
    };
  const needsPerson = (page: Page) => needs("links:read", page);
  app.get(APP_PATH, (c) => (isPerson(c) ? c.redirect(`${APP_PATH}/links`, 303) : signInPage(c)));
  app.post(`${APP_PATH}/sign-in`, requestLink);
  app.post(`${APP_PATH}/sign-out`, signOutNow);
  app.post(`${APP_PATH}/workspace`, needsPerson(switchWorkspace));
  // Any person makes a team workspace they own, as POST /workspaces signed in.
  app.post(`${APP_PATH}/workspaces`, needsPerson(createWorkspaceNow));
  app.get(`${APP_PATH}/links`, needsPerson(linksPage));
  app.get(`${APP_PATH}/links/new`, needsPerson(newLinkPage));
  app.post(`${APP_PATH}/links`, needs("links:write", createLink));
  // Before /links/:id, which would take "bulk", "code-check" or "preview" for an id.
  app.post(`${APP_PATH}/links/bulk`, needs("links:write", bulkAction));
  app.get(`${APP_PATH}/links/code-check`, needs("links:write", codeCheck));
  app.get(`${APP_PATH}/links/preview`, needs("links:write", previewFragment));
  // Before /links/:id: the QR code and the clicks, read in the workspace the pages act in.
  app.get(`${APP_PATH}/links/:id/qr.svg`, needsPerson(linkQrImage("svg")));
  app.get(`${APP_PATH}/links/:id/qr.png`, needsPerson(linkQrImage("png")));
  app.get(`${APP_PATH}/links/:id/clicks.csv`, needs("analytics:read", linkClicksCsv));
  app.get(`${APP_PATH}/links/:id`, needsPerson(linkPage));
  app.post(`${APP_PATH}/links/:id`, needs("links:write", saveLink));
  app.get(`${APP_PATH}/links/:id/edit`, needs("links:write", editLinkPage));
  app.post(`${APP_PATH}/links/:id/edit`, needs("links:write", saveLinkSettings));
  app.get(`${APP_PATH}/links/:id/try`, needs("links:write", tryFragment));
  app.post(`${APP_PATH}/links/:id/deactivate`, needs("links:write", switchLink(false)));
  app.post(`${APP_PATH}/links/:id/activate`, needs("links:write", switchLink(true)));
  app.post(`${APP_PATH}/links/:id/check`, needs("links:write", checkLink));
  app.get(`${APP_PATH}/domains`, needsPerson(domainsPage));
  app.post(`${APP_PATH}/domains`, needs("workspace:admin", addDomain));
  app.post(`${APP_PATH}/domains/:id/verify`, needs("workspace:admin", verifyDomainNow));
  app.post(`${APP_PATH}/domains/:id/default`, needs("workspace:admin", setDefaultDomain));
  app.post(`${APP_PATH}/domains/:id/delete`, needs("workspace:admin", deleteDomainNow));
  // Any person opens the list (a role without webhooks:write is told so, as the API refuses it the list).
  app.get(`${APP_PATH}/webhooks`, needsPerson(webhooksPage));
  app.post(`${APP_PATH}/webhooks`, needs("webhooks:write", createWebhookNow));
  app.get(`${APP_PATH}/webhooks/:id`, needs("webhooks:write", webhookPage));
  app.post(`${APP_PATH}/webhooks/:id`, needs("webhooks:write", saveWebhook));
  app.post(`${APP_PATH}/webhooks/:id/enable`, needs("webhooks:write", switchWebhook(true)));
  app.post(`${APP_PATH}/webhooks/:id/disable`, needs("webhooks:write", switchWebhook(false)));
  app.post(`${APP_PATH}/webhooks/:id/rotate`, needs("webhooks:write", rotateWebhookNow));
  app.post(`${APP_PATH}/webhooks/:id/test`, needs("webhooks:write", pingWebhookNow));
  app.post(`${APP_PATH}/webhooks/:id/retry`, needs("webhooks:write", retryDeliveryNow));
  app.post(`${APP_PATH}/webhooks/:id/delete`, needs("webhooks:write", deleteWebhookNow));
  app.get(`${APP_PATH}/access`, needsPerson(accessPage));
  app.post(`${APP_PATH}/access/keys`, needs("workspace:admin", createKey));
  app.post(`${APP_PATH}/access/keys/:id/revoke`, needs("workspace:admin", revokeKey));
  // A person's own sessions: any role (every role holds links:read), as the API's "session" permission.
  app.post(`${APP_PATH}/access/sessions/:id/sign-out`, needsPerson(signOutSession));
  app.post(`${APP_PATH}/access/sign-out-everywhere`, needsPerson(signOutEverywhere));
  app.get(`${APP_PATH}/team`, needsPerson(teamPage));
  app.post(`${APP_PATH}/team/invitations`, needs("workspace:admin", inviteNow));
  app.post(`${APP_PATH}/team/invitations/:id/revoke`, needs("workspace:admin", revokeInvitationNow));
  app.post(`${APP_PATH}/team/members/:id`, needs("workspace:admin", changeMemberRole));
  app.post(`${APP_PATH}/team/members/:id/remove`, needs("workspace:admin", removeMemberNow));
}
