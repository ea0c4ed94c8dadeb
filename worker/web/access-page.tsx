// /app/access: the API keys of the workspace the person acts in and the person's own sessions
// (docs/WEB-APP.md, "API keys and sessions"), read and changed through the use cases of
// GET/POST /workspaces/{id}/api-keys, DELETE /workspaces/{id}/api-keys/{key_id}, GET /auth/sessions and
// DELETE /auth/sessions[/{id}], so what the API refuses is refused here with its words. A new key is in
// the answer to its form only (no redirect: a URL or a cookie would keep it).

import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { AppError } from "../lib/errors";
import { formatTimestamp } from "../lib/time";
import { clearSessionCookie } from "../middleware/session-auth";
import { WorkspaceKeyBody } from "../routes/workspaces/schema";
import { readSessions, revokeSessionsOf } from "../services/auth/sign-in-use-cases";
import { serializeWorkspaceKey } from "../services/workspaces/serialize";
import { createWorkspaceKey, readWorkspaceKeys, revokeWorkspaceKey } from "../services/workspaces/workspace-keys";
import {
  ACCESS_DONE_MESSAGES,
  type AccessDone,
  AccessView,
  type AccessViewProps,
  type KeyFormValues,
  type ListedKey,
} from "./access-view";
import { shownRefusal, statusOf } from "./form-parts";
import { APP_PATH, type PageStatus, renderPage } from "./page-shell";
import { pathId } from "./path-id";
import { signedInAs } from "./signed-in-as";
import { mayAdminWorkspace } from "./web-roles";

function personOf(c: Context<AppEnv>) {
  const principal = c.var.principal;
  // needs() in web-routes.tsx lets only a signed-in person reach these pages.
  if (principal.kind !== "person") throw new AppError("UNAUTHORIZED", "this needs a signed-in person");
  return principal;
}

const idOf = (c: Context<AppEnv>, name: string): number | undefined => pathId(c, name);

/** The workspace's keys, or the use case's refusal for a role that does not administer the workspace. */
async function keysOrRefusal(c: Context<AppEnv>): Promise<AccessViewProps["keys"]> {
  try {
    const rows = await readWorkspaceKeys(c.var, personOf(c).workspaceId);
    return rows.map((row): ListedKey => serializeWorkspaceKey(row));
  } catch (error) {
    if (error instanceof AppError && statusOf(error) === 403) return { refused: error.message };
    throw error;
  }
}

async function renderAccess(
  c: Context<AppEnv>,
  form: Pick<Partial<AccessViewProps>, "values" | "formError" | "actionError" | "created"> = {},
  status: PageStatus = 200,
) {
  const [keys, sessions, person] = await Promise.all([keysOrRefusal(c), readSessions(c.var), signedInAs(c)]);
  const done = new URL(c.req.url).searchParams.get("done") ?? "";
  const body = (
    <AccessView
      keys={keys}
      sessions={sessions.map((row) => ({
        id: row.id,
        created_at: formatTimestamp(row.createdAt),
        last_seen_at: formatTimestamp(row.lastSeenAt),
        user_agent: row.userAgent,
        current: row.current,
      }))}
      mayAdmin={mayAdminWorkspace(c)}
      workspaceName={person?.workspaceName ?? ""}
      csrfToken={person?.csrfToken ?? ""}
      values={form.values ?? {}}
      formError={form.formError}
      actionError={form.actionError}
      created={form.created}
      done={status === 200 && done in ACCESS_DONE_MESSAGES ? (done as AccessDone) : undefined}
    />
  );
  return renderPage(c, { title: "Access", person, current: "access", body, status });
}

export const accessPage = (c: Context<AppEnv>) => renderAccess(c);

function keyFormValues(form: Record<string, string | File | (string | File)[]>): KeyFormValues {
  const name = typeof form.name === "string" ? form.name : undefined;
  const given = form.scopes;
  const scopes = (Array.isArray(given) ? given : given === undefined ? [] : [given]).filter(
    (scope): scope is string => typeof scope === "string",
  );
  return { name, scopes };
}

/** Makes a key as POST /workspaces/{id}/api-keys does and answers it in this page, this once. */
export async function createKey(c: Context<AppEnv>) {
  const values = keyFormValues(await c.req.parseBody({ all: true }));
  const name = values.name?.trim();
  const parsed = WorkspaceKeyBody.safeParse({ name: name ? name : null, scopes: values.scopes });
  if (!parsed.success) {
    return renderAccess(c, { values, formError: parsed.error.issues[0]?.message ?? "invalid input" }, 400);
  }
  try {
    const { row, key } = await createWorkspaceKey(c.var, personOf(c).workspaceId, {
      name: parsed.data.name ?? null,
      scopes: parsed.data.scopes,
      expiresAt: null,
    });
    const created = { key, name: row.name, prefix: row.prefix, scopes: row.scopes ?? [] };
    return renderAccess(c, { created });
  } catch (error) {
    const refusal = shownRefusal(error);
    if (!refusal) throw error;
    return renderAccess(c, { values, formError: refusal.message }, refusal.status);
  }
}

/** Runs one button's use case; a refusal (a key or session gone since) is said at the top of the page. */
async function actOn(c: Context<AppEnv>, run: () => Promise<unknown>, done: AccessDone) {
  try {
    await run();
  } catch (error) {
    const refusal = shownRefusal(error);
    if (!refusal) throw error;
    return renderAccess(c, { actionError: refusal.message }, refusal.status);
  }
  return c.redirect(`${APP_PATH}/access?done=${done}`, 303);
}

export async function revokeKey(c: Context<AppEnv>) {
  const id = idOf(c, "id");
  if (id === undefined) return renderAccess(c, { actionError: "api key not found" }, 404);
  return actOn(c, () => revokeWorkspaceKey(c.var, personOf(c).workspaceId, id), "revoked");
}

/** Signs out one of the person's sessions (another browser); this one's is a sign-out, back to /app. */
export async function signOutSession(c: Context<AppEnv>) {
  const id = idOf(c, "id");
  if (id === undefined) return renderAccess(c, { actionError: "session not found" }, 404);
  if (id === personOf(c).sessionId) return endSessionsHere(c, id);
  return actOn(c, () => revokeSessionsOf(c.var, id), "signed-out");
}

/** Every session of the person ends, this one too: the cookie is cleared, as /app/sign-out does. */
async function endSessionsHere(c: Context<AppEnv>, id?: number) {
  await revokeSessionsOf(c.var, id);
  clearSessionCookie(c);
  return c.redirect(APP_PATH, 303);
}

export const signOutEverywhere = (c: Context<AppEnv>) => endSessionsHere(c);
