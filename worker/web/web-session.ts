// Who is using the web app: the person of the session cookie, or nobody (who then gets the sign-in
// page, never a 401). API keys are never read here: no key ever reaches the browser. Every post needs
// the session's CSRF token (a form's csrf_token field) and this origin, like the API's session writes.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import type { AppEnv, Principal } from "../app-env";
import { AppError } from "../lib/errors";
import { assertSameSiteWrite, personFromSession } from "../middleware/session-auth";
import { chooseWorkspace } from "../services/workspaces/workspace-choice";

/** The workspace a person chose to act in (its id); their personal one without it. Not a secret. */
const WORKSPACE_COOKIE = "ls_workspace";

export function rememberWorkspace(c: Context<AppEnv>, workspaceId: number): void {
  setCookie(c, WORKSPACE_COOKIE, String(workspaceId), {
    httpOnly: true,
    secure: c.req.url.startsWith("https:"),
    sameSite: "Lax",
    path: "/app",
  });
}

/** The person acting in the workspace they chose, if they still belong to it; else in their personal one. */
async function actingPerson(c: Context<AppEnv>, person: Principal): Promise<Principal> {
  const chosen = getCookie(c, WORKSPACE_COOKIE);
  if (chosen === undefined) return person;
  try {
    return await chooseWorkspace(c.var.database, person, chosen);
  } catch (error) {
    // Removed from it since, or a cookie that names nothing: back to the personal workspace.
    if (!(error instanceof AppError)) throw error;
    deleteCookie(c, WORKSPACE_COOKIE, { path: "/app" });
    return person;
  }
}

export const webSession = createMiddleware<AppEnv>(async (c, next) => {
  const person = await personFromSession(c);
  if (person?.kind === "person" && c.req.method === "POST") await assertSameSiteWrite(c, person.csrfToken);
  c.set("principal", person?.kind === "person" ? await actingPerson(c, person) : { kind: "anonymous" });
  await next();
});
