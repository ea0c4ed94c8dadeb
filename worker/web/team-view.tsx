// The workspace's people: its members with their roles and, for a role that administers the workspace,
// a role select and Remove on each, the pending invitations with Revoke, and the form that invites an
// address. A personal workspace says it has no other members and offers no form.
import type { MemberResponse, WorkspaceResponse } from "../contracts/workspaces";
import { WORKSPACE_ROLES } from "../domain/workspace-roles";
import { APP_PATH } from "./page-shell";

export const INVITE_FORM_FIELDS = ["email", "role"] as const;
export type InviteFormField = (typeof INVITE_FORM_FIELDS)[number];
export type InviteFormValues = Partial<Record<InviteFormField, string>>;

/** A pending invitation as the API lists it (GET /workspaces/{id}/invitations). */
export interface InvitationView {
  id: number;
  email: string;
  role: string;
  created_at: string;
  expires_at: string;
}

/** What the last post did, said once at the top of the page (the `done` query parameter). */
export const DONE_MESSAGES = {
  invited: "Invitation sent: its link works for 7 days, for that address only.",
  revoked: "Invitation revoked: its link no longer works.",
  changed: "Role changed.",
  removed: "Member removed: their keys in this workspace are revoked.",
  left: "You left that workspace: the pages act in your own again.",
  created: "Workspace made: you own it, and the pages act in it now. Invite people below.",
} as const;
export type Done = keyof typeof DONE_MESSAGES;

export interface TeamViewProps {
  workspace: Pick<WorkspaceResponse, "name" | "kind">;
  members: MemberResponse[];
  /** Pending invitations: an owner's or admin's only (the API lists them to those roles). */
  invitations: InvitationView[];
  /** Shown forms (an owner's or admin's role), or the lists only. */
  mayAdmin: boolean;
  role: string;
  /** The person: their own row says "you", and its Remove is "Leave". */
  userId: number;
  csrfToken: string;
  values: InviteFormValues;
  errors: InviteFormValues;
  formError?: string | undefined;
  /** A refusal of one row's button (change, remove, revoke), shown in that row. */
  actionError?: { row: string; message: string } | undefined;
  done?: Done | undefined;
  /** The new-workspace form's name as typed, and the API's refusal of it. */
  newWorkspace?: { name: string; error?: string | undefined } | undefined;
}

const when = (timestamp: string) => (
  <time datetime={`${timestamp}Z`}>{`${timestamp.replace("T", " ").slice(0, 16)} UTC`}</time>
);

function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="csrf_token" value={token} />;
}

function RowError({ props, row, span }: { props: TeamViewProps; row: string; span: number }) {
  if (props.actionError?.row !== row) return null;
  return (
    <tr class="row-error">
      <td colspan={span}>
        <p class="error" role="alert" id={`${row}-error`}>
          {props.actionError.message}
        </p>
      </td>
    </tr>
  );
}

function MemberActions({ props, member }: { props: TeamViewProps; member: MemberResponse }) {
  const action = `${APP_PATH}/team/members/${member.user_id}`;
  const self = member.user_id === props.userId;
  return (
    <td data-label="Change" class="member-actions">
      <form class="inline" method="post" action={action}>
        <Csrf token={props.csrfToken} />
        <select name="role" aria-label={`New role of ${member.email}`}>
          {WORKSPACE_ROLES.map((role) => (
            <option value={role} selected={role === member.role}>
              {role}
            </option>
          ))}
        </select>
        <button class="quiet" type="submit">
          Change
        </button>
      </form>
      <details class="confirm">
        <summary>{self ? "Leave…" : "Remove…"}</summary>
        <form method="post" action={`${action}/remove`}>
          <Csrf token={props.csrfToken} />
          <p class="note">
            {self
              ? "You stop being a member: your keys in this workspace stop working."
              : `${member.email} stops being a member: their keys in this workspace stop working.`}
          </p>
          <button class="danger" type="submit">
            {self ? "Leave this workspace" : `Remove ${member.email}`}
          </button>
        </form>
      </details>
    </td>
  );
}

function Members(props: TeamViewProps) {
  const forms = props.mayAdmin && props.workspace.kind !== "personal";
  const span = forms ? 4 : 3;
  return (
    <section aria-labelledby="members-title">
      <h2 id="members-title">Members</h2>
      <div class="table-wrap">
        <table class="members">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              {forms && <th scope="col">Change</th>}
            </tr>
          </thead>
          <tbody>
            {props.members.map((member) => (
              <>
                <tr id={`member-${member.user_id}`}>
                  <td data-label="Name">
                    {member.username}
                    {member.user_id === props.userId && <span class="tag">you</span>}
                  </td>
                  <td data-label="Email">{member.email}</td>
                  <td data-label="Role" class={`role-${member.role}`}>
                    {member.role}
                  </td>
                  {forms && <MemberActions props={props} member={member} />}
                </tr>
                <RowError props={props} row={`member-${member.user_id}`} span={span} />
              </>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Invitations(props: TeamViewProps) {
  return (
    <section aria-labelledby="invitations-title" id="invitations">
      <h2 id="invitations-title">Pending invitations</h2>
      {props.invitations.length === 0 ? (
        <p>No invitation is waiting.</p>
      ) : (
        <div class="table-wrap">
          <table class="invitations">
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Role</th>
                <th scope="col">Sent</th>
                <th scope="col">Expires</th>
                <th scope="col">Revoke</th>
              </tr>
            </thead>
            <tbody>
              {props.invitations.map((invitation) => (
                <>
                  <tr id={`invitation-${invitation.id}`}>
                    <td data-label="Email">{invitation.email}</td>
                    <td data-label="Role">{invitation.role}</td>
                    <td data-label="Sent">{when(invitation.created_at)}</td>
                    <td data-label="Expires">{when(invitation.expires_at)}</td>
                    <td data-label="Revoke">
                      <form
                        class="inline"
                        method="post"
                        action={`${APP_PATH}/team/invitations/${invitation.id}/revoke`}
                      >
                        <Csrf token={props.csrfToken} />
                        <button class="quiet" type="submit" aria-label={`Revoke the invitation of ${invitation.email}`}>
                          Revoke
                        </button>
                      </form>
                    </td>
                  </tr>
                  <RowError props={props} row={`invitation-${invitation.id}`} span={5} />
                </>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function FieldError({ name, errors }: { name: InviteFormField; errors: InviteFormValues }) {
  if (!errors[name]) return null;
  return (
    <p class="error" id={`invite-${name}-error`}>
      {errors[name]}
    </p>
  );
}

function InviteForm(props: TeamViewProps) {
  const { values, errors } = props;
  const chosen = values.role ?? "viewer";
  const describedBy = (name: InviteFormField) => (errors[name] ? `invite-${name}-error` : undefined);
  return (
    <section class="card wide invite" aria-labelledby="invite-title">
      <h2 id="invite-title">Invite someone</h2>
      {props.formError && (
        <p class="error" role="alert">
          {props.formError}
        </p>
      )}
      <form method="post" action={`${APP_PATH}/team/invitations`} novalidate>
        <Csrf token={props.csrfToken} />
        <div class="field">
          <label for="invite-email">Email address</label>
          <input
            id="invite-email"
            name="email"
            type="email"
            value={values.email ?? ""}
            required
            aria-invalid={errors.email ? "true" : undefined}
            aria-describedby={describedBy("email")}
          />
          <FieldError name="email" errors={errors} />
        </div>
        <div class="field">
          <label for="invite-role">Role</label>
          <select
            id="invite-role"
            name="role"
            aria-invalid={errors.role ? "true" : undefined}
            aria-describedby={describedBy("role")}
          >
            {WORKSPACE_ROLES.map((role) => (
              <option value={role} selected={role === chosen}>
                {role}
              </option>
            ))}
          </select>
          <FieldError name="role" errors={errors} />
        </div>
        <p class="note">
          A link that works once, within 7 days, is mailed to the address; whoever signs in with it and accepts joins
          with this role. Only an owner invites an owner.
        </p>
        <button type="submit">Send invitation</button>
      </form>
    </section>
  );
}

/** Any person may make a team workspace (POST /workspaces signed in): they own it. */
function NewWorkspaceForm(props: TeamViewProps) {
  const error = props.newWorkspace?.error;
  return (
    <section aria-labelledby="new-workspace-title">
      <h2 id="new-workspace-title">New team workspace</h2>
      <form method="post" action={`${APP_PATH}/workspaces`} novalidate>
        <Csrf token={props.csrfToken} />
        <div class="field">
          <label for="workspace-name">Name</label>
          <input
            id="workspace-name"
            name="name"
            required
            maxlength={100}
            value={props.newWorkspace?.name ?? ""}
            aria-invalid={error ? "true" : undefined}
            aria-describedby={error ? "workspace-name-error" : undefined}
          />
          {error && (
            <p class="error" id="workspace-name-error">
              {error}
            </p>
          )}
        </div>
        <button type="submit">Make the workspace</button>
      </form>
    </section>
  );
}

export function TeamView(props: TeamViewProps) {
  const personal = props.workspace.kind === "personal";
  return (
    <>
      <h1>Team</h1>
      <p>
        Workspace: <strong>{props.workspace.name}</strong> ({props.workspace.kind}); your role: {props.role}.
      </p>
      {props.done && (
        <p class="saved" role="status">
          {DONE_MESSAGES[props.done]}
        </p>
      )}
      {personal && (
        <p class="note personal">
          This is your personal workspace: it cannot have other members. To work with others, make a team workspace
          below (you own it; the pages act in it at once) and invite them there.
        </p>
      )}
      {!personal && !props.mayAdmin && (
        <p class="note">
          Your role in this workspace ({props.role}) can see its members; an owner or admin invites people and changes
          roles.
        </p>
      )}
      {!props.mayAdmin && props.formError && (
        <p class="error" role="alert">
          {props.formError}
        </p>
      )}
      <Members {...props} />
      {props.mayAdmin && !personal && <Invitations {...props} />}
      {props.mayAdmin && !personal && <InviteForm {...props} />}
      <NewWorkspaceForm {...props} />
    </>
  );
}
