// Who is using the web app: the person of the session cookie, or nobody (who then gets the sign-in
// page, never a 401). API keys are never read here: no key ever reaches the browser. Every post needs
// the session's CSRF token (a form's csrf_token field) and this origin, like the API's session writes.
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "../app-env";
import { assertSameSiteWrite, personFromSession } from "../middleware/session-auth";
import { chooseWorkspace } from "../services/workspaces/workspace-choice";

export const webSession = createMiddleware<AppEnv>(async (c, next) => {
  const person = await personFromSession(c);
  if (person?.kind === "person" && c.req.method === "POST") await assertSameSiteWrite(c, person.csrfToken);
  c.set("principal", await chooseWorkspace(c.var.database, person ?? { kind: "anonymous" }, undefined));
  await next();
});
