// /app/team: the members and pending invitations of the workspace the person acts in (docs/WEB-APP.md,
// "Team"), read and changed through the workspace use cases (readMembers, putMember, removeMember,
// readInvitations, inviteMember, revokeInvitationFor), so the API's rules hold here with its words: only
// an owner makes owners, the last owner cannot leave, another workspace's member is a 404.

import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { AppError, badRequest } from "../lib/errors";
import { CreateWorkspaceBody, InviteBody, PutMemberBody } from "../routes/workspaces/schema";
import { inviteMember, readInvitations, revokeInvitationFor } from "../services/workspaces/invitation-use-cases";
import { serializeInvitation, serializeMember } from "../services/workspaces/serialize";
import {
  createWorkspace,
  putMember,
  readMembers,
  readWorkspace,
  removeMember,
} from "../services/workspaces/workspace-use-cases";
import { pageStatusOf, statusOf, stringFields } from "./form-parts";
import { notFoundPage } from "./not-found-page";
import { APP_PATH, type PageStatus, renderPage } from "./page-shell";
import { pathId } from "./path-id";
import { signedInAs } from "./signed-in-as";
import {
  DONE_MESSAGES,
  type Done,
  INVITE_FORM_FIELDS,
  type InviteFormField,
  type InviteFormValues,
  TeamView,
  type TeamViewProps,
} from "./team-view";
import { mayAdminWorkspace } from "./web-roles";
import { rememberWorkspace } from "./web-session";

/** The person's user id and the workspace they act in (every team route needs a person: web-routes.tsx). */
function actingIn(c: Context<AppEnv>): { userId: number; workspaceId: number } {
  const principal = c.var.principal;
  if (principal.kind !== "person") throw new AppError("UNAUTHORIZED", "sign in first");
  return { userId: principal.userId, workspaceId: principal.workspaceId };
}

const idParamOf = (c: Context<AppEnv>): number | undefined => pathId(c);

const missing = (c: Context<AppEnv>, what: "member" | "invitation") => notFoundPage(c, "team", what);

async function renderTeam(
  c: Context<AppEnv>,
  form: Pick<Partial<TeamViewProps>, "values" | "errors" | "formError" | "actionError" | "newWorkspace"> = {},
  status: PageStatus = 200,
) {
  const { userId, workspaceId } = actingIn(c);
  const mayAdmin = mayAdminWorkspace(c);
  const [workspace, members, person] = await Promise.all([
    readWorkspace(c.var, workspaceId),
    readMembers(c.var, workspaceId),
    signedInAs(c),
  ]);
  // The API lists invitations to owners and admins only; a personal workspace has none to list.
  const invitations =
    mayAdmin && workspace.kind !== "personal"
      ? (await readInvitations(c.var, workspaceId)).map(serializeInvitation)
      : [];
  const done = new URL(c.req.url).searchParams.get("done") ?? "";
  const body = (
    <TeamView
      workspace={workspace}
      members={members.map(serializeMember)}
      invitations={invitations}
      mayAdmin={mayAdmin}
      role={person?.role ?? ""}
      userId={userId}
      csrfToken={person?.csrfToken ?? ""}
      values={form.values ?? {}}
      errors={form.errors ?? {}}
      formError={form.formError}
      actionError={form.actionError}
      newWorkspace={form.newWorkspace}
      done={status === 200 && done in DONE_MESSAGES ? (done as Done) : undefined}
    />
  );
  return renderPage(c, { title: "Team", person, current: "team", body, status });
}

export const teamPage = (c: Context<AppEnv>) => renderTeam(c);

const inviteFormValues = (form: Record<string, unknown>): InviteFormValues => stringFields(form, INVITE_FORM_FIELDS);

/** Where a refusal of the invitation belongs: a member already (409) by the address, a role the inviter may not give (403) by the role. */
const fieldOfRefusal = (status: number): InviteFormField | undefined =>
  status === 409 ? "email" : status === 403 ? "role" : undefined;

export async function inviteNow(c: Context<AppEnv>) {
  const values = inviteFormValues(await c.req.parseBody());
  const parsed = InviteBody.safeParse({ email: values.email ?? "", role: values.role ?? "" });
  if (!parsed.success) {
    const errors: InviteFormValues = {};
    let formError: string | undefined;
    for (const issue of parsed.error.issues) {
      const field = INVITE_FORM_FIELDS.find((name) => name === issue.path[0]);
      if (field) errors[field] ??= issue.message;
      else formError ??= issue.message;
    }
    return renderTeam(c, { values, errors, formError }, 400);
  }
  const { workspaceId } = actingIn(c);
  try {
    await inviteMember(c.var, workspaceId, parsed.data.email, parsed.data.role, new URL(c.req.url).origin);
  } catch (error) {
    const status = statusOf(error);
    if (status !== 400 && status !== 403 && status !== 409 && status !== 503) throw error;
    const message = (error as AppError).message;
    const field = fieldOfRefusal(status);
    const form = field ? { values, errors: { [field]: message } } : { values, formError: message };
    return renderTeam(c, form, pageStatusOf(status));
  }
  return c.redirect(`${APP_PATH}/team?done=invited#invitations`, 303);
}

/**
 * One row's button: another workspace's member or invitation is a 404 page, and any other refusal (a
 * role only an owner may give, the last owner) is shown in that row with the API's words.
 */
function rowAction(
  what: "member" | "invitation",
  run: (c: Context<AppEnv>, workspaceId: number, id: number) => Promise<Done>,
) {
  return async (c: Context<AppEnv>) => {
    const id = idParamOf(c);
    if (id === undefined) return missing(c, what);
    let done: Done;
    try {
      done = await run(c, actingIn(c).workspaceId, id);
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return missing(c, what);
      if (status >= 500) throw error;
      const actionError = { row: `${what}-${id}`, message: (error as AppError).message };
      return renderTeam(c, { actionError }, pageStatusOf(status));
    }
    const anchor = done === "changed" ? `#member-${id}` : "";
    return c.redirect(`${APP_PATH}/team?done=${done}${anchor}`, 303);
  };
}

export const changeMemberRole = rowAction("member", async (c, workspaceId, userId) => {
  const form = await c.req.parseBody();
  const parsed = PutMemberBody.safeParse({ role: form.role });
  if (!parsed.success) throw badRequest(parsed.error.issues[0]?.message ?? "role is required");
  await putMember(c.var, workspaceId, userId, parsed.data.role);
  return "changed";
});

export const removeMemberNow = rowAction("member", async (c, workspaceId, userId) => {
  await removeMember(c.var, workspaceId, userId);
  return userId === actingIn(c).userId ? "left" : "removed";
});

export const revokeInvitationNow = rowAction("invitation", async (c, workspaceId, id) => {
  await revokeInvitationFor(c.var, workspaceId, id);
  return "revoked";
});

/** A team workspace the person owns (POST /workspaces's use case); the pages act in it from now on. */
export async function createWorkspaceNow(c: Context<AppEnv>) {
  const name = stringFields(await c.req.parseBody(), ["name"] as const).name ?? "";
  const parsed = CreateWorkspaceBody.safeParse({ name });
  if (!parsed.success) {
    const error = parsed.error.issues[0]?.message ?? "name is required";
    return renderTeam(c, { newWorkspace: { name, error } }, 400);
  }
  const workspace = await createWorkspace(c.var, parsed.data.name, undefined);
  rememberWorkspace(c, workspace.id);
  return c.redirect(`${APP_PATH}/team?done=created`, 303);
}
