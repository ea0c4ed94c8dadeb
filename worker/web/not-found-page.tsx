// The page for an id that is not the workspace's: another workspace's resource and a missing one get
// the same 404, which says no more than that (as the API's 404 does).
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { renderPage, type Section } from "./page-shell";
import { signedInAs } from "./signed-in-as";

export async function notFoundPage(c: Context<AppEnv>, section: Section, what: string): Promise<Response> {
  return renderPage(c, {
    title: "Not found",
    person: await signedInAs(c),
    current: section,
    body: <p>{`There is no such ${what} in this workspace.`}</p>,
    status: 404,
  });
}
