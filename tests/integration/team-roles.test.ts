// Links belong to workspaces (issue 29): every member acts in a team's workspace with their role's
// scopes, and every team key with its own. The route table is walked as each role (signed in, naming
// the team in X-Workspace-Id) and as a team key of each scope: a caller that holds the route's
// permission is never refused (403) nor unauthenticated (401), one that does not is always a 403, and
// nothing is a 500. Someone outside the team finds nothing of it.
import { describe, expect, it } from "vitest";
import { PERMISSIONS, SCOPES, SCOPES_OF_ROLE, type Scope } from "../../worker/domain/permissions";
import type { WorkspaceRole } from "../../worker/domain/workspace-roles";
import { scrapePrometheus, seriesValue, unique } from "../harness";
import { ADMIN_KEY, api, newPerson, sessionWriteHeaders, signIn } from "../session-harness";

interface Operation {
  method: string;
  path: string;
  permission: string;
}

async function operations(): Promise<Operation[]> {
  const document = await api("GET", "/openapi.json");
  const paths = document.body.paths as Record<string, Record<string, Record<string, unknown>>>;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      permission: operation["x-permission"] as string,
    })),
  );
}

interface Caller {
  name: string;
  userId: number;
  /** Headers of a read, and of a write (a session's write carries its origin and CSRF token). */
  read: Record<string, string>;
  write: Record<string, string>;
  scopes: readonly Scope[];
  person: boolean;
}

/** A team with an owner, an admin, an editor and a viewer, each signed in. */
async function team() {
  const people = {} as Record<WorkspaceRole, { id: number; email: string; cookie: string }>;
  for (const role of ["owner", "admin", "editor", "viewer"] as const) {
    const person = await newPerson();
    people[role] = { ...person, cookie: await signIn(person.email) };
  }
  const made = await api("POST", "/workspaces", {
    key: ADMIN_KEY,
    body: { name: unique("Team"), owner_user_id: people.owner.id },
  });
  expect(made.status).toBe(201);
  const teamId = made.body.id as number;
  for (const role of ["admin", "editor", "viewer"] as const) {
    const put = await api("PUT", `/workspaces/${teamId}/members/${people[role].id}`, {
      key: ADMIN_KEY,
      body: { role },
    });
    expect(put.status).toBe(200);
  }
  return { teamId, people };
}

async function personCaller(teamId: number, role: WorkspaceRole, person: { id: number; cookie: string }) {
  const named = { "X-Workspace-Id": String(teamId) };
  return {
    name: `the ${role}`,
    userId: person.id,
    read: { Cookie: person.cookie, ...named },
    write: { ...(await sessionWriteHeaders(person.cookie)), ...named },
    scopes: SCOPES_OF_ROLE[role],
    person: true,
  } satisfies Caller;
}

async function keyCaller(teamId: number, ownerId: number, scope: Scope): Promise<Caller> {
  const made = await api("POST", `/workspaces/${teamId}/api-keys`, {
    key: ADMIN_KEY,
    body: { name: scope, scopes: [scope] },
  });
  expect(made.status).toBe(201);
  const auth = { Authorization: `Bearer ${made.body.key}` };
  return { name: `a ${scope} key`, userId: ownerId, read: auth, write: auth, scopes: [scope], person: false };
}

describe("a team's workspace", () => {
  it("members work on the team's links with their role: editors write, viewers read, outsiders find nothing", async () => {
    const { teamId, people } = await team();
    const editor = await personCaller(teamId, "editor", people.editor);
    const viewer = await personCaller(teamId, "viewer", people.viewer);

    const made = await api("POST", "/urls", {
      headers: editor.write,
      body: { original_url: "https://example.com/team", tags: ["launch"] },
    });
    expect(made).toMatchObject({ status: 201, body: { workspace_id: teamId, user_id: people.editor.id } });
    const linkId = made.body.id as number;
    // The viewer reads it, and may not write (the refusal is counted for the dashboard).
    expect((await api("GET", `/urls/${linkId}`, { headers: viewer.read })).status).toBe(200);
    const refusals = (text: string) =>
      seriesValue(text, 'linkscope_auth_events_total{kind="permission",result="refused"}', 0);
    const before = refusals(await scrapePrometheus());
    expect(
      await api("POST", "/urls", { headers: viewer.write, body: { original_url: "https://example.com/no" } }),
    ).toMatchObject({
      status: 403,
      body: { error: "your role in this workspace (viewer) does not hold the links:write scope" },
    });
    expect(refusals(await scrapePrometheus()) - before).toBeGreaterThanOrEqual(1);
    // The team's list holds it; the editor's personal workspace (no header) does not.
    const listed = await api("GET", "/urls", { headers: viewer.read });
    expect((listed.body as { id: number }[]).map((url) => url.id)).toEqual([linkId]);
    const personal = await api("GET", "/urls", { headers: { Cookie: people.editor.cookie } });
    expect((personal.body as { id: number }[]).map((url) => url.id)).not.toContain(linkId);
    const tags = await api("GET", "/tags", { headers: viewer.read });
    expect((tags.body as { name: string }[]).map((tag) => tag.name)).toEqual(["launch"]);

    // A team key with links:write makes the team's links too.
    const writer = await keyCaller(teamId, people.owner.id, "links:write");
    const byKey = await api("POST", "/urls", {
      headers: writer.write,
      body: { original_url: "https://example.com/k" },
    });
    expect(byKey).toMatchObject({ status: 201, body: { workspace_id: teamId } });

    // Someone outside: naming the team is a 404, and its link is as missing as none.
    const outsider = await newPerson();
    const cookie = await signIn(outsider.email);
    const named = await api("GET", "/urls", { headers: { Cookie: cookie, "X-Workspace-Id": String(teamId) } });
    expect(named).toMatchObject({ status: 404, body: { error: "workspace not found" } });
    const theirs = await api("GET", `/urls/${linkId}`, { headers: { Cookie: cookie } });
    const missing = await api("GET", "/urls/2000000000", { headers: { Cookie: cookie } });
    expect([theirs.status, theirs.body]).toEqual([missing.status, missing.body]);
    expect((await api("GET", "/urls", { headers: { Cookie: cookie, "X-Workspace-Id": "x" } })).body.error).toContain(
      "X-Workspace-Id must be a workspace id",
    );

    // The audit log names who acted on the link: the editor (a person), then the key.
    const audit = await api("GET", `/workspaces/${teamId}/audit?action=created`, { key: ADMIN_KEY });
    expect(audit.body.events).toEqual([
      expect.objectContaining({ url_id: byKey.body.id, actor: expect.objectContaining({ kind: "key" }) }),
      expect.objectContaining({
        url_id: linkId,
        actor: expect.objectContaining({ kind: "person", user_id: people.editor.id }),
      }),
    ]);
  });

  it("webhook changes are in the team's audit log with their actor, naming the receiver's host only", async () => {
    const { teamId, people } = await team();
    const admin = await personCaller(teamId, "admin", people.admin);
    const made = await api("POST", "/webhooks", {
      headers: admin.write,
      body: { url: "https://hooks.example.com/services/T0/B0/secret-token", events: ["link.created"] },
    });
    expect(made).toMatchObject({ status: 201, body: { user_id: people.admin.id } });
    const id = made.body.id as number;
    const changed = await api("PATCH", `/webhooks/${id}`, { headers: admin.write, body: { enabled: false } });
    const rotated = await api("POST", `/webhooks/${id}/rotate`, { headers: admin.write });
    const deleted = await api("DELETE", `/webhooks/${id}`, { headers: admin.write });
    expect([changed.status, rotated.status, deleted.status]).toEqual([200, 200, 200]);
    const audit = await api("GET", `/workspaces/${teamId}/audit`, { key: ADMIN_KEY });
    const webhookEvents = (audit.body.events as { action: string }[]).filter((event) =>
      event.action.startsWith("webhook."),
    );
    const person = expect.objectContaining({ kind: "person", user_id: people.admin.id });
    expect(webhookEvents).toEqual([
      expect.objectContaining({
        action: "webhook.deleted",
        actor: person,
        details: { webhook_id: id, url_host: "hooks.example.com" },
      }),
      expect.objectContaining({ action: "webhook.secret_rotated", actor: person, details: { webhook_id: id } }),
      expect.objectContaining({
        action: "webhook.updated",
        actor: person,
        details: { webhook_id: id, changed: ["enabled"] },
      }),
      expect.objectContaining({
        action: "webhook.created",
        actor: person,
        details: { webhook_id: id, url_host: "hooks.example.com", events: ["link.created"] },
      }),
    ]);
    expect(JSON.stringify(audit.body)).not.toContain("secret-token");
  });

  it("every route answers each role and each team key by the permission it declares", async () => {
    const { teamId, people } = await team();
    const callers: Caller[] = [];
    for (const role of ["owner", "admin", "editor", "viewer"] as const) {
      callers.push(await personCaller(teamId, role, people[role]));
    }
    for (const scope of SCOPES) callers.push(await keyCaller(teamId, people.owner.id, scope));

    const owner = callers[0] as Caller;
    const link = await api("POST", "/urls", { headers: owner.write, body: { original_url: "https://example.com/m" } });
    const tag = await api("POST", "/tags", { headers: owner.write, body: { name: unique("t") } });
    const webhook = await api("POST", "/webhooks", {
      headers: owner.write,
      body: { url: "https://hooks.example.com/team", events: ["link.created"] },
    });
    const event = await api("POST", "/events", {
      headers: owner.write,
      body: { url_id: link.body.id, event_type: "shared" },
    });
    expect([link.status, tag.status, webhook.status, event.status]).toEqual([201, 201, 201, 201]);
    const resources: Record<string, number> = {
      urls: link.body.id,
      tags: tag.body.id,
      webhooks: webhook.body.id,
      events: event.body.id,
      workspaces: teamId,
    };
    const fill = (path: string, caller: Caller) =>
      path.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (name === "delivery_id") return crypto.randomUUID();
        if (name === "key_id" || name === "invitation_id" || name === "user_id") return "2000000000";
        const resource = path.split("/")[1] ?? "";
        if (resource === "users") return String(caller.userId);
        return String(resources[resource] ?? 2_000_000_000);
      });

    const findings: string[] = [];
    const walked = (await operations()).filter(
      (op) =>
        PERMISSIONS.includes(op.permission as never) &&
        !["public", "metrics"].includes(op.permission) &&
        op.path !== "/{code}" &&
        !op.path.startsWith("/auth/") &&
        // Member changes follow the role rules of their own (an owner for an owner): workspaces.test.ts.
        !op.path.endsWith("/members/{user_id}"),
    );
    expect(walked.length).toBeGreaterThan(40);
    for (const caller of callers) {
      for (const op of walked) {
        const write = ["POST", "PUT", "PATCH", "DELETE"].includes(op.method);
        const answer = await api(op.method, fill(op.path, caller), {
          headers: write ? caller.write : caller.read,
          ...(["POST", "PUT", "PATCH"].includes(op.method) ? { body: {} } : {}),
        });
        const name = `${op.method} ${op.path} (${op.permission}) as ${caller.name}`;
        const holds =
          op.permission === "session"
            ? caller.person
            : op.permission === "operator"
              ? false
              : caller.scopes.includes(op.permission as Scope);
        if (answer.status >= 500) findings.push(`${name}: ${answer.status}`);
        else if (op.permission === "session" && !caller.person) continue;
        else if (holds && (answer.status === 403 || answer.status === 401)) {
          findings.push(`${name}: ${answer.status} ${JSON.stringify(answer.body)} though it holds the permission`);
        } else if (!holds && answer.status !== 403) {
          findings.push(`${name}: ${answer.status} without the permission`);
        }
      }
    }
    expect(findings).toEqual([]);
  });
});
