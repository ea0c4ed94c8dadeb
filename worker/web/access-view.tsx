// The access page: the workspace's API keys (name, prefix, scopes, created, last used; for a role that
// administers the workspace, the form that makes one and a Revoke button each) and the person's own
// sessions (this one marked; sign out another, or everywhere). A new key is shown here once, in the
// page that answers its form: never in a list, a URL or a cookie.
import { SCOPES, type Scope } from "../domain/permissions";
import { APP_PATH } from "./page-shell";

/** A key as listed: never the key itself (serializeWorkspaceKey's shape). */
export interface ListedKey {
  id: number;
  name: string | null;
  prefix: string;
  scopes: string[];
  created_at: string;
  last_used_at: string | null;
}

/** A session as listed: its id and times, never its secret. */
export interface ListedSession {
  id: number;
  created_at: string;
  last_seen_at: string;
  user_agent: string | null;
  current: boolean;
}

/** What the last post did, said once at the top of the page (the `done` query parameter). */
export const ACCESS_DONE_MESSAGES = {
  revoked: "Key revoked: it no longer works.",
  "signed-out": "That session is signed out.",
} as const;
export type AccessDone = keyof typeof ACCESS_DONE_MESSAGES;

export interface KeyFormValues {
  name?: string | undefined;
  scopes?: string[] | undefined;
}

export interface AccessViewProps {
  /** The workspace's live keys, or the use case's refusal (a role that does not administer it). */
  keys: ListedKey[] | { refused: string };
  sessions: ListedSession[];
  /** The form and the Revoke buttons (an owner's or admin's role), or the list only. */
  mayAdmin: boolean;
  workspaceName: string;
  csrfToken: string;
  values: KeyFormValues;
  formError?: string | undefined;
  /** A refusal of a Revoke or Sign out button (a key or session gone since), at the top of the page. */
  actionError?: string | undefined;
  /** The key just made: shown this once. */
  created?: { key: string; name: string | null; prefix: string; scopes: string[] } | undefined;
  done?: AccessDone | undefined;
}

const when = (timestamp: string | null) =>
  timestamp === null ? (
    "never"
  ) : (
    <time datetime={`${timestamp}Z`}>{`${timestamp.replace("T", " ").slice(0, 16)} UTC`}</time>
  );

const SCOPE_NOTES: Record<Scope, string> = {
  "links:read": "read links",
  "links:write": "make and change links",
  "analytics:read": "read clicks",
  "tags:write": "change tags",
  "webhooks:write": "manage webhooks",
  "workspace:admin": "administer the workspace",
};

function NewKey({ created }: { created: NonNullable<AccessViewProps["created"]> }) {
  return (
    <section class="card wide new-key" aria-labelledby="new-key-title" role="status">
      <h2 id="new-key-title">Your new key{created.name ? `: ${created.name}` : ""}</h2>
      <p>
        <strong>Copy it now: it will not be shown again.</strong> Only its prefix ({created.prefix}) is kept in the list
        below. Send it as <code>Authorization: Bearer …</code>.
      </p>
      <input class="copy" type="text" readonly value={created.key} aria-label="The new API key" />
      <p class="note">Scopes: {created.scopes.join(", ")}</p>
    </section>
  );
}

function KeyRows(props: AccessViewProps & { keys: ListedKey[] }) {
  if (props.keys.length === 0) return <p>No API keys in {props.workspaceName} yet.</p>;
  return (
    <div class="table-wrap">
      <table class="keys">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            {props.mayAdmin && <th scope="col">Revoke</th>}
          </tr>
        </thead>
        <tbody>
          {props.keys.map((key) => (
            <tr id={`key-${key.id}`}>
              <td data-label="Name">{key.name ?? "(no name)"}</td>
              <td data-label="Prefix">
                <code>{key.prefix}</code>
              </td>
              <td data-label="Scopes">
                {key.scopes.map((scope) => (
                  <span class="tag">{scope}</span>
                ))}
              </td>
              <td data-label="Created">{when(key.created_at)}</td>
              <td data-label="Last used">{when(key.last_used_at)}</td>
              {props.mayAdmin && (
                <td data-label="Revoke">
                  <form class="inline" method="post" action={`${APP_PATH}/access/keys/${key.id}/revoke`}>
                    <input type="hidden" name="csrf_token" value={props.csrfToken} />
                    <button class="danger" type="submit" aria-label={`Revoke ${key.name ?? key.prefix}`}>
                      Revoke
                    </button>
                  </form>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function NewKeyForm(props: AccessViewProps) {
  const chosen = new Set(props.values.scopes ?? []);
  return (
    <section class="card wide add-key" aria-labelledby="add-key-title">
      <h2 id="add-key-title">Create a key</h2>
      {props.formError && (
        <p class="error" role="alert" id="key-form-error">
          {props.formError}
        </p>
      )}
      <form method="post" action={`${APP_PATH}/access/keys`} novalidate>
        <input type="hidden" name="csrf_token" value={props.csrfToken} />
        <div class="field">
          <label for="key-name">Name</label>
          <input id="key-name" name="name" type="text" maxlength={255} value={props.values.name ?? ""} />
          <p class="note">Optional: what uses the key, such as "CI deploys".</p>
        </div>
        <fieldset class="scopes">
          <legend>Scopes (at least one; no more than your role holds)</legend>
          {SCOPES.map((scope) => (
            <label class="scope">
              <input type="checkbox" name="scopes" value={scope} checked={chosen.has(scope)} /> <code>{scope}</code>{" "}
              <span class="note">{SCOPE_NOTES[scope]}</span>
            </label>
          ))}
        </fieldset>
        <button type="submit">Create key</button>
      </form>
    </section>
  );
}

function Sessions(props: AccessViewProps) {
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Your sessions</h2>
      <div class="table-wrap">
        <table class="sessions">
          <thead>
            <tr>
              <th scope="col">Browser</th>
              <th scope="col">Signed in</th>
              <th scope="col">Last seen</th>
              <th scope="col">Sign out</th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((session) => (
              <tr id={`session-${session.id}`} aria-current={session.current ? "true" : undefined}>
                <td data-label="Browser">
                  {session.user_agent ?? "(unknown browser)"}
                  {session.current && <span class="tag current">this session</span>}
                </td>
                <td data-label="Signed in">{when(session.created_at)}</td>
                <td data-label="Last seen">{when(session.last_seen_at)}</td>
                <td data-label="Sign out">
                  {session.current ? (
                    <span class="note">use Sign out above</span>
                  ) : (
                    <form class="inline" method="post" action={`${APP_PATH}/access/sessions/${session.id}/sign-out`}>
                      <input type="hidden" name="csrf_token" value={props.csrfToken} />
                      <button class="quiet" type="submit">
                        Sign out this session
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action={`${APP_PATH}/access/sign-out-everywhere`}>
        <input type="hidden" name="csrf_token" value={props.csrfToken} />
        <p class="note">Ends every session of yours, this one included: you sign in again afterwards.</p>
        <button class="danger" type="submit">
          Sign out everywhere
        </button>
      </form>
    </section>
  );
}

export function AccessView(props: AccessViewProps) {
  const { keys } = props;
  return (
    <>
      <h1>Access</h1>
      {props.done && (
        <p class="saved" role="status">
          {ACCESS_DONE_MESSAGES[props.done]}
        </p>
      )}
      {props.actionError && (
        <p class="error" role="alert">
          {props.actionError}
        </p>
      )}
      {props.created && <NewKey created={props.created} />}
      <section aria-labelledby="keys-title">
        <h2 id="keys-title">API keys of {props.workspaceName}</h2>
        {"refused" in keys ? (
          <p class="note">{`${keys.refused}: an owner or admin sees and manages its API keys.`}</p>
        ) : (
          <KeyRows {...props} keys={keys} />
        )}
      </section>
      {props.mayAdmin && <NewKeyForm {...props} />}
      <Sessions {...props} />
    </>
  );
}
